using System.Diagnostics;
using System.Text.Json;
using Cluster.Core.Work;
using Cluster.Storage;

namespace Cluster.Bench;

/// <summary>
/// Work-store queue throughput and wake-up latency:
///   Cluster.Bench queue --store CONN [--items 20000] [--batch 32] [--trials 200]
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
        RunAsync(store, options.Int("items", 20_000), options.Int("batch", 32), options.Int("trials", 200)).GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync(string connection, int items, int batch, int trials)
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

        var latencies = await WakeUpLatenciesAsync(store, connection, $"{prefix}-wake", trials);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "queue",
            store = connection.Contains("postgres", StringComparison.OrdinalIgnoreCase) || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? "postgres" : "sqlite",
            enqueue_items_per_s = Math.Round(enqueueRate),
            claim_complete_items_per_s = throughput,
            items,
            batch,
            wake_up_ms = new
            {
                p50 = Math.Round(Percentile(latencies, 0.50), 2),
                p99 = Math.Round(Percentile(latencies, 0.99), 2),
                trials = latencies.Count,
            },
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

    /// <summary>Expand of one item (another store instance) until an idle waiter in WaitForWorkAsync has claimed it.</summary>
    private static async Task<List<double>> WakeUpLatenciesAsync(IWorkStore producer, string connection, string name, int trials)
    {
        await using var waiter = await WorkStores.OpenAsync(connection);
        var run = (await producer.SubmitAsync(new RunSubmission(name, "bench", "{}", 0, 3, 60))).Run;
        var latencies = new List<double>(trials);
        for (var trial = 0; trial < trials + 5; trial++)
        {
            var started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = Task.Run(async () =>
            {
                var deadline = Stopwatch.StartNew();
                while (deadline.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await waiter.WaitForWorkAsync(TimeSpan.FromSeconds(5));
                    if (await waiter.ClaimAsync("bench-waiter", 1) is [var lease])
                    {
                        var claimedAt = Stopwatch.GetTimestamp();
                        await waiter.CompleteAsync(lease.Token, ItemState.Done, [], null);
                        return Stopwatch.GetElapsedTime(await started.Task, claimedAt).TotalMilliseconds;
                    }
                }
                throw new TimeoutException($"wake-up trial {trial}: item not claimed within 10 s");
            });
            // Let the waiter block first and the notifier's 20 ms debounce window pass.
            await Task.Delay(30);
            started.SetResult(Stopwatch.GetTimestamp());
            await producer.ExpandAsync(run.Id, [new NewItem($"wake{trial:D5}", "/bench/wake")]);
            var latency = await consumer;
            if (trial >= 5) latencies.Add(latency); // the first trials open connections
        }
        return latencies;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
