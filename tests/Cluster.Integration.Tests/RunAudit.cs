using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Core.Work;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// The end-of-run audit of a run after faults: every item ended exactly once (done, or error where the test expects it,
/// with the reason it expects), one artifact set per done item whose bytes in the store match their recorded SHA-256
/// (a checksum item's content is the checksum of its input read whole; an IQ item's NPZ opens in numpy with the
/// expected shape), no object under a final name that the ledger does not account for, the progress document (stored
/// and served) equal to the ledger, no lease left. Returns a one-line summary for the test output.
/// </summary>
internal static class RunAudit
{
    /// <param name="errors">Items expected to end in error, each with a text its error must contain.</param>
    public static async Task<string> AssertCleanAsync(ChaosCluster cluster, string runName, int items, string orchestratorUrl,
        IReadOnlyDictionary<string, string>? errors = null)
    {
        errors ??= new Dictionary<string, string>();
        var run = (await cluster.Store.GetRunAsync(runName))!;
        Assert.Equal(errors.Count == 0 ? RunState.Succeeded : RunState.CompletedWithErrors, run.State);
        var listed = await cluster.Store.ListItemsAsync(run.Id, null, null, 0, items + 10);
        Assert.Equal(items, listed.Count);
        foreach (var item in listed)
        {
            if (errors.TryGetValue(item.Key, out var reason))
            {
                Assert.Equal(ItemState.Error, item.State);
                Assert.Contains(reason, item.Error ?? "");
            }
            else
            {
                Assert.True(item.State == ItemState.Done, $"{runName}/{item.Key}: {item.State} ({item.Error})");
            }
        }
        var keys = listed.Where(i => i.State == ItemState.Done).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);

        // Exactly one "done" line per item log, whatever the number of attempts.
        var doneLines = await CountPerKeyAsync(cluster, run.Id,
            "SELECT key, count(*) FROM item_log WHERE run_id = $1 AND (message = 'done' OR message LIKE 'done:%') GROUP BY key");
        var wrong = listed.Select(i => i.Key).Where(k => doneLines.GetValueOrDefault(k) != (keys.Contains(k) ? 1 : 0)).Take(5)
            .Select(k => $"{k}: {doneLines.GetValueOrDefault(k)}").ToList();
        Assert.True(wrong.Count == 0, $"items whose done lines are not one per done item: {string.Join(", ", wrong)}");

        // No lease left behind.
        await using (var leased = cluster.Ledger.CreateCommand(
            "SELECT count(*) FROM items WHERE run_id = $1 AND (state = 'leased' OR lease_token IS NOT NULL OR lease_until IS NOT NULL)"))
        {
            leased.Parameters.AddWithValue(run.Id);
            Assert.Equal(0L, (long)(await leased.ExecuteScalarAsync())!);
        }

        // One artifact set per done item; the bytes stored are those recorded, and their content is right.
        // The run grain writes the progress document just after the run ends: wait for its record before comparing.
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await cluster.Store.ArtifactsAsync(run.Id, "")).Any(a => a.Artifact.Name == "progress.json") && DateTimeOffset.UtcNow < until)
            await Task.Delay(100);
        var artifacts = await cluster.Store.ArtifactsAsync(run.Id, null);
        var perItem = artifacts.Where(a => a.ItemKey != "").GroupBy(a => a.ItemKey).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(keys.Order(StringComparer.Ordinal), perItem.Keys.Order(StringComparer.Ordinal));
        var npzFiles = new List<string>();
        using var npzFolder = new TempDirectory();
        foreach (var (key, set) in perItem)
        {
            var artifact = Assert.Single(set).Artifact;
            var bytes = await cluster.ReadArtifactAsync(artifact.StoreKey);
            Assert.Equal((artifact.Size, artifact.Sha256), (bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            if (run.Kind == "checksum")
            {
                using var json = JsonDocument.Parse(bytes);
                var input = await File.ReadAllBytesAsync(cluster.InputOf(runName, key));
                Assert.Equal((input.LongLength, Convert.ToHexStringLower(SHA256.HashData(input))),
                    (json.RootElement.GetProperty("size").GetInt64(), json.RootElement.GetProperty("sha256").GetString()));
            }
            else
            {
                Assert.Equal(Path.GetFileNameWithoutExtension(key) + ".npz", artifact.Name);
                npzFiles.Add(npzFolder.File($"{npzFiles.Count}.npz"));
                await File.WriteAllBytesAsync(npzFiles[^1], bytes);
            }
        }
        if (npzFiles.Count > 0)
        {
            // numpy, not our reader: every spectrogram opens and has one row per frame of the capture.
            var shapes = Python.Run("""
                import sys, numpy as np
                print(sorted({np.load(f)["power"].shape for f in sys.argv[1:]}))
                """, [.. npzFiles]);
            Assert.Equal($"[({ChaosCluster.IqSamples / 256}, 256)]", shapes.Trim());
        }

        // Every object under a final name is a recorded artifact (verified above, or the progress document below);
        // hidden names are temp files of writers killed mid-write, never read as artifacts.
        var recorded = artifacts.Select(a => a.Artifact.StoreKey).ToHashSet(StringComparer.Ordinal);
        var (stored, temps) = await cluster.ListArtifactKeysAsync(Path.Combine("runs", runName));
        var unaccounted = stored.Where(f => !recorded.Contains(f)).Take(5).ToList();
        Assert.True(unaccounted.Count == 0, $"objects under final names the ledger does not record: {string.Join(", ", unaccounted)}");

        // The progress document, as written at the end and as the API serves it, equals the ledger's.
        var ledger = await cluster.Store.ProgressAsync(run.Id);
        Assert.Equal(keys.Order(StringComparer.Ordinal), ledger.CompletedItems.Order(StringComparer.Ordinal));
        var progressRecord = Assert.Single(artifacts, a => a.ItemKey == "" && a.Artifact.Name == "progress.json").Artifact;
        var progressBytes = await cluster.ReadArtifactAsync(progressRecord.StoreKey);
        Assert.Equal(progressRecord.Sha256, Convert.ToHexStringLower(SHA256.HashData(progressBytes)));
        AssertSameProgress(ledger, JsonSerializer.Deserialize<ProgressDocument>(progressBytes)!, "progress.json");
        using var http = ChaosCluster.Http(orchestratorUrl);
        AssertSameProgress(ledger, (await http.GetFromJsonAsync<ProgressDocument>($"/api/runs/{runName}/progress"))!, "GET progress");

        var attempts = listed.Select(i => i.Attempts).ToList();
        return $"audit {runName} ({run.Kind}): {items} items ended once each ({keys.Count} done, {errors.Count} error as expected), " +
            $"attempts total {attempts.Sum()} (max {attempts.Max()}, {attempts.Count(a => a > 1)} items ran more than once), " +
            $"{perItem.Count} artifacts verified, {temps} temp files of killed writers, progress document = ledger, no lease left";
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
