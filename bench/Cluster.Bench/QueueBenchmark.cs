using System.Diagnostics;
using System.Text.Json;
using Cluster.Core.Work;
using Cluster.Storage;

namespace Cluster.Bench;

/// <summary>
/// Work-store queue throughput (claim + complete at the store level, the floor under the scheduler grain):
///   Cluster.Bench queue --store CONN [--items 20000] [--batch 32]
/// Runs are created under a unique name prefix; the store should be a scratch database.
/// </summary>
internal static class QueueBenchmark
{
    public static int Run(Options options)
    {
        var store = options.Text("store", "");
        if (store.Length == 0)
        {
            Console.Error.WriteLine("queue: --store CONN is required (postgres://... or a .db path)");
            return 2;
        }
        RunAsync(store, options.Int("items", 20_000), options.Int("batch", 32)).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(string connection, int items, int batch)
    {
        var prefix = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}";
        await using var store = await WorkStores.OpenAsync(connection);
        // Finish leftovers of earlier runs so they do not pollute the claim measurements.
        await DrainAsync(store);

        var enqueue = Stopwatch.StartNew();
        var big = await SubmitAsync(store, $"{prefix}-enqueue", 100_000);
        var enqueueRate = 100_000 / enqueue.Elapsed.TotalSeconds;
        await store.CancelAsync(big);

        var throughput = new Dictionary<string, double>();
        foreach (var claimers in new[] { 1, 2, 4 })
        foreach (var size in new[] { batch, 1 }.Distinct())
        {
            var count = size == 1 ? Math.Min(items, 5_000) : items;
            await SubmitAsync(store, $"{prefix}-c{claimers}-b{size}", count);
            throughput[$"claimers_{claimers}_batch_{size}"] = Math.Round(await ClaimCompleteAsync(connection, claimers, size, count));
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "queue",
            store = connection.Contains("postgres", StringComparison.OrdinalIgnoreCase) || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? "postgres" : "sqlite",
            enqueue_items_per_s = Math.Round(enqueueRate),
            claim_complete_items_per_s = throughput,
            items,
            batch,
        }));
    }

    private static async Task<string> SubmitAsync(IWorkStore store, string name, int count)
    {
        var run = (await store.SubmitAsync(new RunSubmission(name, "bench", "{}", 0, 3, 60))).Run;
        await store.ExpandAsync(run.Id, Enumerable.Range(0, count).Select(i => new NewItem($"k{i:D7}", $"/bench/{i}")).ToList());
        return name;
    }

    private static async Task DrainAsync(IWorkStore store)
    {
        while (await store.ClaimAsync("bench-drain", 1000) is { Count: > 0 } leases)
            foreach (var lease in leases)
                await store.CompleteAsync(lease.Token, ItemState.Done, [], "drained by benchmark");
    }

    /// <summary>Items per second claimed and completed by <paramref name="claimers"/> store instances with a no-op processor.</summary>
    private static async Task<double> ClaimCompleteAsync(string connection, int claimers, int batch, int count)
    {
        var stores = new List<IWorkStore>();
        for (var i = 0; i < claimers; i++) stores.Add(await WorkStores.OpenAsync(connection));
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
        {
            while (await s.ClaimAsync($"bench-w{i}", batch) is { Count: > 0 } leases)
            {
                // Acknowledged in one batch, as the worker's completion batcher does under load.
                var completed = await s.CompleteManyAsync(leases.Select(l => new ItemCompletion(l.Token, ItemState.Done, [], null)).ToList());
                if (completed.Count != leases.Count)
                    throw new InvalidOperationException($"{leases.Count - completed.Count} leases lost during the benchmark");
                Interlocked.Add(ref done, leases.Count);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var s in stores) await s.DisposeAsync();
        if (done != count)
            throw new InvalidOperationException($"claimed {done} items, expected {count}");
        return done / elapsed;
    }
}
