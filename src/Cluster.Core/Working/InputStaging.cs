using Cluster.Core.Inputs;

namespace Cluster.Core.Working;

/// <summary>
/// Gives a processor a local file for an item whose input is an object (<c>s3://bucket/key</c>): downloaded into the
/// item's scratch directory under its own file name. A SigMF recording is two objects with one stem, and its reader
/// opens the partner by name, so the partner (<c>.sigmf-meta</c> for <c>.sigmf-data</c> and the other way) is
/// downloaded beside it when it exists. Local inputs are passed through untouched.
/// </summary>
public static class InputStaging
{
    private static readonly (string Extension, string Partner)[] Pairs =
    [
        (".sigmf-meta", ".sigmf-data"),
        (".sigmf-data", ".sigmf-meta"),
    ];

    /// <returns>The path the processor reads.</returns>
    /// <exception cref="InvalidOperationException">An object input and no <paramref name="fetcher"/> in this process.</exception>
    /// <exception cref="FileNotFoundException">The object does not exist (any more).</exception>
    public static async Task<string> StageAsync(IInputFetcher? fetcher, string input, string scratch, CancellationToken ct)
    {
        if (!ObjectUri.IsObjectUri(input)) return input;
        var source = ObjectUri.Parse(input, "item input");
        if (fetcher is null)
            throw new InvalidOperationException($"{input}: this worker has no object-store access configured (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...)");
        if (source.FileName.Length == 0)
            throw new ArgumentException($"{input} names no object (its key is empty)");
        var directory = Directory.CreateDirectory(Path.Combine(scratch, "input")).FullName;
        var local = Path.Combine(directory, source.FileName);
        await fetcher.FetchAsync(source, local, ct);
        foreach (var (extension, partner) in Pairs)
        {
            if (!source.Key.EndsWith(extension, StringComparison.Ordinal)) continue;
            var partnerKey = source.Key[..^extension.Length] + partner;
            try
            {
                await fetcher.FetchAsync(source with { Key = partnerKey }, Path.Combine(directory, source.FileName[..^extension.Length] + partner), ct);
            }
            catch (FileNotFoundException)
            {
                // A missing partner is the reader's error to report, with the file name it expected.
            }
        }
        return local;
    }
}
