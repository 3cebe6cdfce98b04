using Cluster.Formats.Catalog;
using Cluster.Formats.Zarr;
using Cluster.TestSupport;
using Microsoft.Data.Sqlite;

namespace Cluster.Formats.Tests.Catalog;

/// <summary>Bad catalogs, each a clear error naming the file and the problem. The fixture is copied to a temp directory first.</summary>
public sealed class CatalogErrorTests : IDisposable
{
    private const string RunB = "5eed0000000000000000000000000003";
    private readonly TempDirectory _directory = new();

    private string CopyFixture(bool withZarr = true)
    {
        var db = _directory.File("beamtime_example.db");
        File.Copy(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"), db);
        File.SetAttributes(db, FileAttributes.Normal);
        if (withZarr) CopyDirectory(RepositoryPaths.Fixture("Resonance", "beamtime_example.zarr"), _directory.File("beamtime_example.zarr"));
        return db;
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused()
    {
        var path = _directory.File("notes.db");
        File.WriteAllText(path, "this is a text file, not a database, and it is long enough to have a header page\n");
        var error = Assert.Throws<CatalogException>(() => BeamtimeCatalog.Open(path));
        Assert.Equal(path, error.Path);
        Assert.Contains("not a readable SQLite database", error.Message);
        Assert.Contains("no such catalog file", Assert.Throws<CatalogException>(() => BeamtimeCatalog.Open(_directory.File("missing.db"))).Message);
    }

    [Fact]
    public void A_catalog_locked_by_an_exclusive_transaction_is_reported_as_locked_and_reads_once_released()
    {
        var db = CopyFixture(withZarr: false);
        using var writer = new SqliteConnection($"Data Source={db};Pooling=False");
        writer.Open();
        using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<CatalogException>(() => BeamtimeCatalog.Open(db, lockWait: TimeSpan.FromSeconds(1)));

        Assert.Equal(db, error.Path);
        Assert.Equal("locked by another connection for over 1 s (SQLite Error 5: 'database is locked'.)", error.Problem);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        using (var commit = writer.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        using var catalog = BeamtimeCatalog.Open(db, lockWait: TimeSpan.FromSeconds(1));
        Assert.Equal(3, catalog.Recent().Count);
    }

    [Fact]
    public void A_catalog_damaged_after_its_header_names_the_file_when_queried()
    {
        var db = CopyFixture(withZarr: false);
        // Keep the 100-byte header and the first page (the schema), overwrite the table pages with noise.
        var bytes = File.ReadAllBytes(db);
        var pageSize = (bytes[16] << 8) | bytes[17];
        new Random(7).NextBytes(bytes.AsSpan(pageSize));
        File.WriteAllBytes(db, bytes);

        var error = Assert.Throws<CatalogException>(() =>
        {
            using var catalog = BeamtimeCatalog.Open(db);
            catalog.Recent();
        });

        Assert.Equal(db, error.Path);
        Assert.Matches("database disk image is malformed|file is not a database", error.Message);
    }

    [Theory]
    [InlineData(7, "schema version 7 is not supported (this reader knows 1, 2)")]
    [InlineData(0, "not a beamtime catalog")]
    public void An_unknown_schema_version_is_refused(int version, string message)
    {
        var db = CopyFixture(withZarr: false);
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {version}";
            command.ExecuteNonQuery();
        }
        Assert.Contains(message, Assert.Throws<CatalogException>(() => BeamtimeCatalog.Open(db)).Message);
    }

    [Fact]
    public void A_missing_zarr_store_is_reported_when_a_run_with_images_is_read()
    {
        var db = CopyFixture(withZarr: false);
        using var catalog = BeamtimeCatalog.Open(db);
        Assert.Equal(3, catalog.Recent().Count);
        Assert.Equal(3, catalog["5eed0000000000000000000000000001"].Table().RowCount);
        var error = Assert.Throws<CatalogException>(() => catalog[RunB].Images("detector_image"));
        Assert.Equal(_directory.File("beamtime_example.zarr"), error.Path);
        Assert.Contains("Zarr store of catalog", error.Message);
    }

    [Fact]
    public void A_corrupt_chunk_names_its_key_and_the_codec()
    {
        var db = CopyFixture();
        var chunk = Path.Combine(_directory.File("beamtime_example.zarr"), "runs", RunB, "detector_image", "c", "2", "0", "0");
        File.SetAttributes(chunk, FileAttributes.Normal);
        File.WriteAllBytes(chunk, File.ReadAllBytes(chunk)[..20]);
        using var catalog = BeamtimeCatalog.Open(db);
        var images = catalog[RunB].Images();
        Assert.Equal(100, images[1].As<int>()[0]);
        var error = Assert.Throws<ZarrFormatException>(() => images[2]);
        Assert.Contains($"chunk runs/{RunB}/detector_image/c/2/0/0 is corrupt: zstd:", error.Message);
    }

    [Fact]
    public void An_unknown_codec_names_the_array_and_the_codec()
    {
        var db = CopyFixture();
        var meta = Path.Combine(_directory.File("beamtime_example.zarr"), "runs", RunB, "detector_image", "zarr.json");
        File.SetAttributes(meta, FileAttributes.Normal);
        File.WriteAllText(meta, File.ReadAllText(meta).Replace("\"zstd\"", "\"blosc\""));
        using var catalog = BeamtimeCatalog.Open(db);
        var error = Assert.Throws<UnsupportedZarrCodecException>(() => catalog[RunB].Images()[1]);
        Assert.Contains($"zarr array runs/{RunB}/detector_image: codec 'blosc' is not supported", error.Message);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
