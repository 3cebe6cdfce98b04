using System.Security.Cryptography;
using Cluster.Formats.Catalog;
using Cluster.Formats.Zarr;
using Microsoft.Data.Sqlite;

namespace Cluster.Formats.Tests.Catalog;

// Alone: the memory bound is read with GC.GetTotalMemory, which counts what tests running beside it allocate (65 MiB once).
[Collection(nameof(LargeCatalogTests))]
public sealed class LargeCatalogTests(GeneratedCatalog generated) : IClassFixture<GeneratedCatalog>
{
    [Fact]
    public void Recent_and_by_sample_return_the_right_runs_newest_first()
    {
        using var catalog = BeamtimeCatalog.Open(generated.DatabasePath);
        var recent = catalog.Recent(25);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => GeneratedCatalog.Uid(GeneratedCatalog.Runs - 1 - i)), recent.Select(r => r.Uid));
        Assert.False(recent[0].IsFinished);
        var s3 = catalog.BySample("S3");
        var expected = Enumerable.Range(0, GeneratedCatalog.Runs).Where(i => GeneratedCatalog.SampleOf(i) == "S3").Reverse().Select(GeneratedCatalog.Uid);
        Assert.Equal(expected, s3.Select(r => r.Uid));
        Assert.All(s3, r => Assert.Equal("S3", r.SampleName));
        Assert.Equal(GeneratedCatalog.Runs - 1, catalog.Find(new CatalogRunFilter(FinishedOnly: true)).Count);
    }

    [Theory]
    [InlineData(nameof(CatalogQueries.Recent), "idx_runs_tstart")]
    [InlineData(nameof(CatalogQueries.BySample), "idx_samples_name")]
    [InlineData(nameof(CatalogQueries.BySample), "idx_runs_sample")]
    [InlineData(nameof(CatalogQueries.Events), "idx_events_seq")]
    [InlineData(nameof(CatalogQueries.ImageRefs), "idx_image_refs_event")]
    public void Queries_are_answered_from_the_indexes_not_by_scanning(string query, string index)
    {
        var sql = (string)typeof(CatalogQueries).GetField(query)!.GetValue(null)!;
        using var connection = new SqliteConnection($"Data Source={generated.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$n", "$name", "$uid", "$stream", "$field" })
            if (sql.Contains(name)) command.Parameters.AddWithValue(name, name == "$n" ? 10 : "x");
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read()) details.Add(reader.GetString(3));
        Assert.Contains(details, d => d.Contains(index));
        // A full table scan reads "SCAN r" / "SCAN runs"; a walk along an index reads "SCAN r USING INDEX ...".
        Assert.DoesNotContain(details, d => d.StartsWith("SCAN") && !d.Contains("USING"));
    }

    [Fact]
    public void Reading_frame_150_touches_one_chunk()
    {
        var counting = new CountingZarrStore(new DirectoryZarrStore(generated.ZarrPath));
        using var catalog = BeamtimeCatalog.Open(generated.DatabasePath, counting);
        var images = catalog[GeneratedCatalog.Uid(GeneratedCatalog.ImageRunIndex)].Images();
        Assert.Equal((200, 512, 512), images.Shape);
        Assert.Empty(counting.Keys);
        var frame = images[150];
        Assert.Equal(GeneratedCatalog.Frame(150), frame.As<int>());
        Assert.Equal([GeneratedCatalog.ImageArray + "/zarr.json", GeneratedCatalog.ImageArray + "/c/150/0/0"], counting.Keys);
    }

    [Fact]
    public void Enumerating_the_stack_keeps_memory_bounded()
    {
        using var catalog = BeamtimeCatalog.Open(generated.DatabasePath);
        var images = catalog[GeneratedCatalog.Uid(GeneratedCatalog.ImageRunIndex)].Images();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var seen = 0;
        var buffer = new int[512 * 512];
        foreach (var frame in images)
        {
            var values = frame.As<int>();
            Assert.Equal(GeneratedCatalog.Pixel(seen, 511, 511), values[^1]);
            Assert.Equal(GeneratedCatalog.Pixel(seen, 7, 3), values[7 * 512 + 3]);
            if (seen % 20 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            seen++;
        }
        images.ReadFrame<int>(199, buffer);
        Assert.Equal(GeneratedCatalog.Frame(199), buffer);
        Assert.Equal(200, seen);
        // The stack is 200 MiB; what stays alive while enumerating is about one frame (1 MiB) and its compressed chunk.
        Assert.True(peak < 16L << 20, $"{peak / (1 << 20)} MiB held while enumerating a 200 MiB stack");
    }

    [Fact]
    public void Reading_everything_writes_nothing_to_the_catalog()
    {
        var before = Snapshot();
        using (var catalog = BeamtimeCatalog.Open(generated.DatabasePath))
        {
            catalog.Recent(1000);
            catalog.BySample("S1");
            catalog.Find(new CatalogRunFilter(Sample: "S2", Since: DateTimeOffset.UnixEpoch));
            var run = catalog[GeneratedCatalog.Uid(GeneratedCatalog.ImageRunIndex)];
            run.Table();
            run.Streams();
            _ = run.Images()[0];
            _ = run.Images().Range(10, 5);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Snapshot());
    }

    /// <summary>Every file of the catalog (database, any -wal/-journal beside it, the Zarr store) with its hash and mtime.</summary>
    private string Snapshot()
    {
        var directory = Path.GetDirectoryName(generated.DatabasePath)!;
        var lines = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(directory, f)} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}");
        return string.Join("\n", lines);
    }
}

[CollectionDefinition(nameof(LargeCatalogTests), DisableParallelization = true)]
public sealed class LargeCatalogCollection;
