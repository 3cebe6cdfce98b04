using System.Diagnostics;
using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// The artifact store taken away under a running cluster (1 orchestrator + 2 worker silos, real processes): the S3
/// server stopped for 20 s, the artifact folder's file system full. Items wait at their upload (a line in their log says
/// why), spend no attempt on it, and finish once the store is back; nothing half-written appears under a final name.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class ArtifactStoreFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_s3_server_stopped_for_20_seconds_delays_uploads_and_fails_no_item()
    {
        using var s3 = new ThrowawayS3();
        s3.Start();
        await s3.UntilListeningAsync();
        const string bucket = "artifacts";
        using (var client = TestS3.RawClient(s3.Endpoint)) await client.PutBucketAsync(bucket);
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString, s3: (s3.Endpoint, bucket));
        var (url, job) = await MixedRun.StartQuarterDoneAsync(cluster, "s3-outage");

        var doneAtFault = await job.DoneAsync(cluster);
        s3.Stop();
        await Task.Delay(Outage);
        var doneInOutage = await job.DoneAsync(cluster) - doneAtFault;
        s3.Start();
        await s3.UntilListeningAsync();
        var recovery = await job.UntilProgressAsync(cluster, RunTimeout);
        await job.UntilFinishedAsync(cluster, RunTimeout);

        var waited = await WaitingNotesAsync(cluster, job);
        output.WriteLine($"S3 server stopped {Outage.TotalSeconds:0} s at {doneAtFault} of {job.Items} done ({doneInOutage} done meanwhile, " +
            $"{waited.Count} items noted waiting, e.g. \"{waited.FirstOrDefault()}\"); next item done {recovery.TotalSeconds:0.00} s after it listened again");
        Assert.NotEmpty(waited);
        output.WriteLine(await job.AssertUnharmedAsync(cluster, url, doneAtFault));
    }

    [Fact]
    public async Task A_full_artifact_disk_holds_items_at_their_upload_until_space_is_freed()
    {
        using var temp = new TempDirectory();
        var mount = Directory.CreateDirectory(temp.File("small-disk")).FullName;
        await ThrowawayPostgres.RunAsync("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mount);
        try
        {
            await using var postgres = await PostgresTestDatabase.CreateAsync();
            await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString, artifactRoot: Path.Combine(mount, "artifacts"));
            var (url, job) = await MixedRun.StartQuarterDoneAsync(cluster, "disk-full");

            var doneAtFault = await job.DoneAsync(cluster);
            var filler = Path.Combine(mount, "filler");
            var filled = Fill(filler);
            await Task.Delay(TimeSpan.FromSeconds(10));
            var doneWhileFull = await job.DoneAsync(cluster);
            File.Delete(filler);
            var recovery = await job.UntilProgressAsync(cluster, RunTimeout);
            await job.UntilFinishedAsync(cluster, RunTimeout);

            var waited = await WaitingNotesAsync(cluster, job);
            output.WriteLine($"artifact file system (tmpfs 32 MiB) filled ({filled / 1024} KiB) at {doneAtFault} of {job.Items} done, " +
                $"{doneWhileFull} done 10 s later; {waited.Count} items noted waiting, e.g. \"{waited.FirstOrDefault()}\"; " +
                $"next item done {recovery.TotalSeconds:0.00} s after the filler was deleted");
            Assert.Contains(waited, note => note.Contains("No space left on device"));
            output.WriteLine(await job.AssertUnharmedAsync(cluster, url, doneAtFault));
        }
        finally
        {
            await ThrowawayPostgres.RunAsync("umount", "-l", mount);
        }
    }

    /// <summary>Writes until the file system says it is full; returns the bytes written.</summary>
    private static long Fill(string path)
    {
        var block = new byte[1 << 16];
        using var file = File.Create(path);
        long written = 0;
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
                written += block.Length;
            }
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space left", StringComparison.Ordinal))
        {
            return written;
        }
    }

    /// <summary>The items' own log lines that say they wait for the store.</summary>
    private static async Task<List<string>> WaitingNotesAsync(ChaosCluster cluster, MixedRun job)
    {
        await using var command = cluster.Ledger.CreateCommand(
            "SELECT key || ': ' || message FROM item_log WHERE run_id = ANY($1) AND level = 'warning' AND message LIKE '%retrying without spending the attempt%' ORDER BY id");
        command.Parameters.AddWithValue(new[] { job.Checksum.Id, job.Iq.Id });
        await using var reader = await command.ExecuteReaderAsync();
        var notes = new List<string>();
        while (await reader.ReadAsync()) notes.Add(reader.GetString(0));
        return notes;
    }
}
