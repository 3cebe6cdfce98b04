using System.Runtime.InteropServices;
using Cluster.Formats.Tests.Zarr;
using Cluster.Formats.Zarr;
using Cluster.TestSupport;
using Microsoft.Data.Sqlite;

namespace Cluster.Formats.Tests.Catalog;

/// <summary>
/// A beamtime catalog as big as a real one: 1,000 runs over 10 samples (every 50th run without one, the last still
/// open), two events each, and one run with a 200-frame 512 x 512 int32 stack chunked frame by frame with zstd. The
/// schema is replayed from the fixture's own DDL (sqlite_master), so the indexes are the real catalog's.
/// </summary>
public sealed class GeneratedCatalog : IDisposable
{
    public const int Runs = 1000;
    public const int Frames = 200;
    public const int Side = 512;
    public const int ImageRunIndex = 500;
    public const double FirstStart = 1_772_000_000;

    private readonly TempDirectory _directory = new();

    public GeneratedCatalog()
    {
        DatabasePath = _directory.File("beamtime_big.db");
        ZarrPath = _directory.File("beamtime_big.zarr");
        WriteDatabase();
        WriteImages();
        SqliteConnection.ClearAllPools();
    }

    public string DatabasePath { get; }
    public string ZarrPath { get; }
    public static string Uid(int run) => $"{run:x32}";
    public static string SampleOf(int run) => run % 50 == 0 ? "" : $"S{run % 10}";
    public static string ImageArray => $"runs/{Uid(ImageRunIndex)}/detector_image";

    /// <summary>The value of pixel (row, column) in frame <paramref name="frame"/>: distinct per frame, compressible.</summary>
    public static int Pixel(int frame, int row, int column) => frame * 100_000 + (row * 3 + column) % 1000;

    public static int[] Frame(int frame)
    {
        var data = new int[Side * Side];
        for (var r = 0; r < Side; r++)
            for (var c = 0; c < Side; c++)
                data[r * Side + c] = Pixel(frame, r, c);
        return data;
    }

    private void WriteDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadWriteCreate;Pooling=False");
        connection.Open();
        foreach (var ddl in FixtureDdl()) Execute(connection, ddl);
        Execute(connection, "PRAGMA user_version = 2");
        using var transaction = connection.BeginTransaction();
        for (var s = 0; s < 10; s++)
            Execute(connection, "INSERT INTO samples (name, formula, tags, extra) VALUES ($n, 'C8H8', '[\"t\"]', '{}')", ("$n", $"S{s}"));
        for (var i = 0; i < Runs; i++)
        {
            var start = FirstStart + i * 60.0;
            object? sampleId = SampleOf(i) == "" ? null : i % 10 + 1;
            object? stop = i == Runs - 1 ? null : start + 30;
            Execute(connection, "INSERT INTO runs (uid, sample_id, plan_name, time_start, time_stop, exit_status, num_events, metadata) VALUES ($u, $s, $p, $t, $e, $x, $n, '{}')",
                ("$u", Uid(i)), ("$s", sampleId), ("$p", i % 3 == 0 ? "ccd_scan" : "nexafs"), ("$t", start), ("$e", stop),
                ("$x", stop is null ? null : "success"), ("$n", i == ImageRunIndex ? Frames : 2));
            var stream = $"{i:x28}5a5a";
            Execute(connection, "INSERT INTO streams (uid, run_uid, name, data_keys, time_created) VALUES ($u, $r, 'primary', '{}', $t)",
                ("$u", stream), ("$r", Uid(i)), ("$t", start));
            var events = i == ImageRunIndex ? Frames : 2;
            for (var e = 0; e < events; e++)
            {
                var eventUid = $"{i:x24}{e:x8}";
                Execute(connection, "INSERT INTO events (uid, stream_uid, seq_num, time, data, timestamps) VALUES ($u, $s, $q, $t, $d, '{}')",
                    ("$u", eventUid), ("$s", stream), ("$q", e + 1), ("$t", start + e), ("$d", $"{{\"energy\": {280 + e}.5, \"i0\": {i}}}"));
                if (i == ImageRunIndex)
                    Execute(connection, "INSERT INTO image_refs (event_uid, field_name, zarr_group, index_in_stack, shape_x, shape_y, dtype, compression_codec) VALUES ($e, 'detector_image', $g, $i, 512, 512, 'int32', 'blosc')",
                        ("$e", eventUid), ("$g", ImageArray), ("$i", e));
            }
        }
        transaction.Commit();
    }

    private void WriteImages()
    {
        ZarrTestWriter.WriteGroup(ZarrPath, "");
        ZarrTestWriter.WriteGroup(ZarrPath, "runs");
        ZarrTestWriter.WriteGroup(ZarrPath, $"runs/{Uid(ImageRunIndex)}");
        ZarrTestWriter.WriteArrayMetadata(ZarrPath, ImageArray, [Frames, Side, Side], [1, Side, Side], "int32", 0, ZarrTestWriter.BytesThen("little", "zstd"));
        for (var f = 0; f < Frames; f++)
            ZarrTestWriter.WriteChunk(ZarrPath, ImageArray, [f, 0, 0], Zstd.Compress(MemoryMarshal.AsBytes(Frame(f).AsSpan()), level: 1));
    }

    /// <summary>The fixture catalog's CREATE statements, tables first, in the order they were made.</summary>
    public static IReadOnlyList<string> FixtureDdl()
    {
        var fixture = RepositoryPaths.Fixture("Resonance", "beamtime_example.db");
        using var connection = new SqliteConnection($"Data Source={fixture};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'sqlite_sequence' ORDER BY type = 'index', rowid";
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read()) statements.Add(reader.GetString(0));
        return statements;
    }

    public static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>A real directory store that records every key read through it.</summary>
public sealed class CountingZarrStore(IZarrStore inner) : IZarrStore
{
    private readonly List<string> _keys = [];

    public string Location => inner.Location;
    public IReadOnlyList<string> Keys => _keys;

    public byte[]? TryRead(string key)
    {
        _keys.Add(key);
        return inner.TryRead(key);
    }
}
