using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Core.Processing;
using Cluster.Formats;

namespace Cluster.Processors.Checksum;

/// <summary>
/// <c>checksum</c>: SHA-256 and size of one input file into a small JSON artifact. Cheap and real: the kind used
/// for load and fault tests of the cluster.
/// </summary>
public sealed class ChecksumProcessor : IProcessor<ChecksumParameters>
{
    public string Kind => "checksum";

    public async Task<ProcessorResult> ProcessAsync(WorkInput input, ChecksumParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken)
    {
        byte[] hash;
        long size;
        await using (var file = new FileStream(input.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            size = file.Length;
            hash = await SHA256.HashDataAsync(file, cancellationToken);
        }
        if (parameters.CrashMarker is { Length: > 0 } marker && await StartsWithAsync(input.Path, marker, cancellationToken))
            Environment.FailFast($"checksum: {input.Key} starts with the crash marker '{marker}' (fault injection)");
        if (parameters.DelayMilliseconds > 0)
            await Task.Delay(parameters.DelayMilliseconds, cancellationToken);
        var name = Path.GetFileName(input.Path) + ".sha256.json";
        var path = Path.Combine(context.OutputDirectory, name);
        var json = JsonSerializer.SerializeToUtf8Bytes(new { key = input.Key, size, sha256 = Convert.ToHexStringLower(hash) });
        await AtomicFile.WriteAsync(path, (stream, ct) => stream.WriteAsync(json, ct).AsTask(), cancellationToken);
        return ProcessorResult.Done([new ArtifactFile(name, path, "application/json")], [$"{size} bytes"]);
    }

    private static async Task<bool> StartsWithAsync(string path, string marker, CancellationToken ct)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(marker);
        var head = new byte[expected.Length];
        await using var file = File.OpenRead(path);
        return await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct) == head.Length && head.AsSpan().SequenceEqual(expected);
    }
}

/// <param name="DelayMilliseconds">Extra time per item, to make runs long enough for fault tests.</param>
/// <param name="CrashMarker">
/// Fault injection for reliability tests: an input whose bytes start with this text aborts the whole process, as a
/// crash in a native library would (a poison item).
/// </param>
public sealed record ChecksumParameters(int DelayMilliseconds = 0, string? CrashMarker = null);
