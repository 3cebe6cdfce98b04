using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Core.Work;

namespace Cluster.Integration.Tests;

/// <summary>
/// The end-of-run audit of a checksum run after faults: every item done exactly once, one artifact per item whose
/// bytes on disk match its recorded SHA-256 (and whose content is the checksum of the input read whole), no file under
/// a final name that the ledger does not account for, the progress document (file and API) equal to the ledger, no
/// lease left. Returns a one-line summary for the test output.
/// </summary>
internal static class RunAudit
{
    public static async Task<string> AssertCleanAsync(ChaosCluster cluster, string runName, int items, string orchestratorUrl)
    {
        var run = (await cluster.Store.GetRunAsync(runName))!;
        Assert.Equal(RunState.Succeeded, run.State);
        var listed = await cluster.Store.ListItemsAsync(run.Id, null, null, 0, items + 10);
        Assert.Equal(items, listed.Count);
        Assert.All(listed, item => Assert.Equal(ItemState.Done, item.State));
        var keys = listed.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);

        // Exactly one "done" line per item log, whatever the number of attempts.
        var doneLines = await CountPerKeyAsync(cluster, run.Id,
            "SELECT key, count(*) FROM item_log WHERE run_id = $1 AND (message = 'done' OR message LIKE 'done:%') GROUP BY key");
        var wrong = keys.Where(k => doneLines.GetValueOrDefault(k) != 1).Take(5).Select(k => $"{k}: {doneLines.GetValueOrDefault(k)}").ToList();
        Assert.True(wrong.Count == 0, $"items without exactly one done line: {string.Join(", ", wrong)}");

        // No lease left behind.
        await using (var leased = cluster.Ledger.CreateCommand(
            "SELECT count(*) FROM items WHERE run_id = $1 AND (state = 'leased' OR lease_token IS NOT NULL OR lease_until IS NOT NULL)"))
        {
            leased.Parameters.AddWithValue(run.Id);
            Assert.Equal(0L, (long)(await leased.ExecuteScalarAsync())!);
        }

        // One artifact per item; the bytes on disk are those recorded, and they are the checksum of the whole input.
        // The run grain writes the progress document just after the run ends: wait for its record before comparing files.
        var until = DateTimeOffset.UtcNow.AddSeconds(15);
        while (!(await cluster.Store.ArtifactsAsync(run.Id, "")).Any(a => a.Artifact.Name == "progress.json") && DateTimeOffset.UtcNow < until)
            await Task.Delay(100);
        var artifacts = await cluster.Store.ArtifactsAsync(run.Id, null);
        var perItem = artifacts.Where(a => a.ItemKey != "").GroupBy(a => a.ItemKey).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(keys.Order(StringComparer.Ordinal), perItem.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, set) in perItem)
        {
            var artifact = Assert.Single(set).Artifact;
            var bytes = await File.ReadAllBytesAsync(Path.Combine(cluster.ArtifactRoot, artifact.StoreKey));
            Assert.Equal((artifact.Size, artifact.Sha256), (bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            using var json = JsonDocument.Parse(bytes);
            var input = await File.ReadAllBytesAsync(cluster.InputOf(runName, key));
            Assert.Equal((input.LongLength, Convert.ToHexStringLower(SHA256.HashData(input))),
                (json.RootElement.GetProperty("size").GetInt64(), json.RootElement.GetProperty("sha256").GetString()));
        }

        // Every file under a final name is a recorded artifact (verified above, or the progress document below);
        // hidden names are temp files of writers killed mid-write, never read as artifacts.
        var runDirectory = Path.Combine(cluster.ArtifactRoot, "runs", runName);
        var recorded = artifacts.Select(a => a.Artifact.StoreKey).ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(runDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(cluster.ArtifactRoot, f)).ToList();
        var temps = files.Count(f => Path.GetFileName(f).StartsWith('.'));
        var unaccounted = files.Where(f => !Path.GetFileName(f).StartsWith('.') && !recorded.Contains(f)).Take(5).ToList();
        Assert.True(unaccounted.Count == 0, $"files under final names the ledger does not record: {string.Join(", ", unaccounted)}");

        // The progress document, as written at the end and as the API serves it, equals the ledger's.
        var ledger = await cluster.Store.ProgressAsync(run.Id);
        Assert.Equal(keys.Order(StringComparer.Ordinal), ledger.CompletedItems.Order(StringComparer.Ordinal));
        var progressRecord = Assert.Single(artifacts, a => a.ItemKey == "" && a.Artifact.Name == "progress.json").Artifact;
        var progressBytes = await File.ReadAllBytesAsync(Path.Combine(cluster.ArtifactRoot, progressRecord.StoreKey));
        Assert.Equal(progressRecord.Sha256, Convert.ToHexStringLower(SHA256.HashData(progressBytes)));
        AssertSameProgress(ledger, JsonSerializer.Deserialize<ProgressDocument>(progressBytes)!, "progress.json");
        using var http = ChaosCluster.Http(orchestratorUrl);
        AssertSameProgress(ledger, (await http.GetFromJsonAsync<ProgressDocument>($"/api/runs/{runName}/progress"))!, "GET progress");

        var attempts = listed.Select(i => i.Attempts).ToList();
        return $"audit {runName}: {items} items done once each, attempts total {attempts.Sum()} (max {attempts.Max()}, " +
            $"{attempts.Count(a => a > 1)} items ran more than once), {perItem.Count} artifacts verified, " +
            $"{temps} temp files of killed writers, progress document = ledger, no lease left";
    }

    private static void AssertSameProgress(ProgressDocument expected, ProgressDocument actual, string source)
    {
        Assert.True(expected.CompletedItems.SequenceEqual(actual.CompletedItems), $"{source}: completed_items differ from the ledger");
        Assert.True(expected.Errors.SequenceEqual(actual.Errors), $"{source}: errors differ from the ledger");
        Assert.True(expected.NoData.SequenceEqual(actual.NoData), $"{source}: no_data differs from the ledger");
        Assert.Equal((expected.LastIndex, expected.SchemaVersion), (actual.LastIndex, actual.SchemaVersion));
    }

    private static async Task<Dictionary<string, long>> CountPerKeyAsync(ChaosCluster cluster, long runId, string sql)
    {
        await using var command = cluster.Ledger.CreateCommand(sql);
        command.Parameters.AddWithValue(runId);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
