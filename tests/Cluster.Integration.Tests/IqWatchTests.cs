using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// A watch with pattern <c>*.cu8</c> bound to an iq-spectrogram template: a real rtl_433 capture dropped into the
/// directory becomes an item whose NPZ has the rate and centre its file name gives (the reader layer, not the watch,
/// knows the format).
/// </summary>
public class IqWatchTests
{
    private const string Token = "iq-watch-token-0123456789";

    [Fact]
    public async Task A_cu8_watch_turns_an_rtl_433_capture_into_a_spectrogram()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(inputs, "sdr")).FullName;
        var artifactRoot = temp.File("artifacts");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        using var orchestrator = ClusterProcess.Start(null, "serve", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}",
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}", "--slots", "1");
        using var http = new HttpClient { BaseAddress = new Uri(server + "/") };
        var client = new ClusterClient(http, Token);
        await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready", orchestrator);
        await client.AddWatchAsync(new WatchRequest("sdr", "sdr", "*.cu8", 1,
            "kind: iq-spectrogram\nparams: {lframes: 256, mode: compat}\noutputs: {formats: [npz]}\n"));
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        var runId = (await store.GetRunAsync("sdr"))!.Id;

        File.Copy(RepositoryPaths.Fixture("iq-formats", "raw", "g001_433.92M_250k.cu8"), Path.Combine(live, "g001_433.92M_250k.cu8"));
        File.WriteAllText(Path.Combine(live, "notes.txt"), "not matched by the pattern");
        await ClusterWaits.ItemsDoneAsync(store, runId, ["g001_433.92M_250k.cu8"], orchestrator);

        var artifact = Assert.Single(await client.ListArtifactsAsync("sdr", "g001_433.92M_250k.cu8"));
        Assert.Equal("g001_433.92M_250k.npz", artifact.Name);
        var npz = temp.File("fetched.npz");
        await using (var content = await client.OpenArtifactAsync("sdr", "g001_433.92M_250k.cu8", artifact.Name))
        await using (var file = File.Create(npz))
            await content.CopyToAsync(file);
        var facts = Python.Run("""
            import sys, numpy as np
            z = np.load(sys.argv[1])
            print(z["power"].shape[0], z["power"].shape[1], round(float(np.diff(z["frequency_hz"])[0] * 256)))
            """, npz);
        Assert.Equal("1024 256 250000", facts.Trim());
    }
}
