using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Grains.Tests;

/// <summary>A SQLite ledger in <paramref name="Temp"/> with one expanded checksum run over small files (f000.dat, ...).</summary>
internal sealed record ChecksumRun(IWorkStore Store, RunInfo Run, string Data)
{
    public static async Task<ChecksumRun> CreateAsync(TempDirectory temp, string name, int items, int maxAttempts)
    {
        var store = await WorkStores.OpenAsync($"sqlite://{temp.File("cluster.db")}");
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        var files = Enumerable.Range(0, items).Select(i => $"f{i:D3}.dat").ToList();
        for (var i = 0; i < items; i++) await File.WriteAllTextAsync(Path.Combine(data, files[i]), $"{i}");
        var spec = $$"""{"name": "{{name}}", "kind": "checksum", "input": {"directory": "{{data}}"}, "max_attempts": {{maxAttempts}}, "lease_seconds": 30}""";
        var run = (await store.SubmitAsync(new RunSubmission(name, "checksum", spec, 0, maxAttempts, 30))).Run;
        await store.ExpandAsync(run.Id, files.Select(f => new NewItem(f, Path.Combine(data, f))).ToList());
        return new ChecksumRun(store, run, data);
    }
}
