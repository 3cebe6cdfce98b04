using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Client;
using Cluster.Core.Work;

namespace Cluster.Integration.Tests;

/// <summary>Waiting on real cluster processes: conditions polled until true, failing early when a process died.</summary>
internal static class ClusterWaits
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, ClusterProcess watched, int pollMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            if (watched.HasExited)
                throw new InvalidOperationException($"waiting for {what}: the process exited:\n{watched.Output}");
            await Task.Delay(pollMilliseconds);
        }
        throw new TimeoutException($"waited {Timeout} for {what}:\n{watched.Output}");
    }

    /// <summary>True once the orchestrator answers /readyz; false while it is still starting.</summary>
    public static async Task<bool> ReadyAsync(ClusterClient client)
    {
        try
        {
            return await client.IsReadyAsync();
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Waits until the run holds exactly these keys, all done.</summary>
    public static Task ItemsDoneAsync(IWorkStore store, long runId, string[] keys, ClusterProcess watched) =>
        UntilAsync(async () =>
        {
            var items = await store.ListItemsAsync(runId, null, null, 0, 100);
            return items.Select(i => i.Key).Order(StringComparer.Ordinal).SequenceEqual(keys) && items.All(i => i.State == ItemState.Done);
        }, $"items {string.Join(", ", keys)} done", watched);

    /// <summary>The checksum a worker recorded for the item equals that of <paramref name="bytes"/>: it read them whole.</summary>
    public static async Task AssertChecksumAsync(ClusterClient client, string run, string key, byte[] bytes)
    {
        var artifact = Assert.Single(await client.ListArtifactsAsync(run, key));
        await using var content = await client.OpenArtifactAsync(run, key, artifact.Name);
        using var json = await JsonDocument.ParseAsync(content);
        Assert.Equal((bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))),
            (json.RootElement.GetProperty("size").GetInt64(), json.RootElement.GetProperty("sha256").GetString()));
    }
}
