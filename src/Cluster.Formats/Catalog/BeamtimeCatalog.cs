using Cluster.Formats.Zarr;
using Microsoft.Data.Sqlite;

namespace Cluster.Formats.Catalog;

/// <summary>
/// A per-beamtime catalog, read-only: the SQLite database of runs, streams, events and image references, and the
/// Zarr v3 store of detector images beside it (<c>&lt;db stem&gt;.zarr</c>). The connection is opened with
/// <c>Mode=ReadOnly</c> and <c>PRAGMA query_only</c>: nothing in the catalog is ever written, and the beamline's
/// writer may keep appending while it is read. One instance is for one thread at a time (one SQLite connection).
/// </summary>
public sealed class BeamtimeCatalog : IDisposable
{
    /// <summary>The schema versions (<c>PRAGMA user_version</c>) this reader knows: 1 (Resonance's first schema) and 2 (adds <c>image_refs.compression_codec</c>).</summary>
    public static IReadOnlyList<int> SupportedSchemaVersions { get; } = [1, 2];

    private readonly SqliteConnection _connection;
    private readonly IZarrStore? _images;

    private BeamtimeCatalog(string path, SqliteConnection connection, int schemaVersion, string zarrPath, IZarrStore? images)
    {
        DatabasePath = path;
        _connection = connection;
        SchemaVersion = schemaVersion;
        ZarrStorePath = zarrPath;
        _images = images;
    }

    public string DatabasePath { get; }

    /// <summary>Where the images are expected: the database's sibling <c>&lt;stem&gt;.zarr</c> (or the injected store's location).</summary>
    public string ZarrStorePath { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens the catalog and checks its schema version; the Zarr store is opened when images are first read.</summary>
    /// <param name="databasePath">The beamtime's <c>.db</c> file.</param>
    /// <param name="images">The image store to read instead of the sibling <c>.zarr</c> directory (tests count its reads).</param>
    /// <param name="lockWait">How long a query waits for another connection's lock (a writer's transaction) before it
    /// fails; default 30 s.</param>
    /// <exception cref="CatalogException">No such file, not a SQLite database, locked for longer than
    /// <paramref name="lockWait"/>, or an unknown schema version.</exception>
    public static BeamtimeCatalog Open(string databasePath, IZarrStore? images = null, TimeSpan? lockWait = null)
    {
        var wait = (int)Math.Ceiling((lockWait ?? TimeSpan.FromSeconds(30)).TotalSeconds);
        var path = System.IO.Path.GetFullPath(databasePath);
        if (!File.Exists(path))
            throw new CatalogException(path, "no such catalog file");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = wait,
        }.ToString());
        try
        {
            connection.Open();
            using (var queryOnly = connection.CreateCommand())
            {
                queryOnly.CommandText = "PRAGMA query_only = 1";
                queryOnly.ExecuteNonQuery();
            }
            int version;
            using (var command = connection.CreateCommand())
            {
                // The first real read: a file that is not SQLite fails here ("file is not a database").
                command.CommandText = "PRAGMA user_version";
                version = Convert.ToInt32(command.ExecuteScalar());
            }
            if (!SupportedSchemaVersions.Contains(version))
                throw new CatalogException(path, version == 0
                    ? "schema version 0: not a beamtime catalog (PRAGMA user_version is unset)"
                    : $"schema version {version} is not supported (this reader knows {string.Join(", ", SupportedSchemaVersions)}); a newer catalog writer made it");
            var zarrPath = System.IO.Path.ChangeExtension(path, ".zarr");
            return new BeamtimeCatalog(path, connection, version, images?.Location ?? zarrPath, images);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            // Not damage: another connection (a writer's transaction, a backup) holds the file; it reads again later.
            connection.Dispose();
            throw new CatalogException(path, $"locked by another connection for over {wait} s ({e.Message})", e);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new CatalogException(path, $"not a readable SQLite database ({e.Message})", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The <paramref name="count"/> most recently started runs, newest first.</summary>
    public IReadOnlyList<CatalogRunSummary> Recent(int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Summaries(CatalogQueries.Recent, ("$n", count));
    }

    /// <summary>Every run of the sample with exactly this name, newest first (empty when there is none).</summary>
    public IReadOnlyList<CatalogRunSummary> BySample(string name) => Summaries(CatalogQueries.BySample, ("$name", name));

    /// <summary>The runs matching <paramref name="filter"/>, oldest first (the order a job's items get).</summary>
    public IReadOnlyList<CatalogRunSummary> Find(CatalogRunFilter filter) =>
        Summaries(CatalogQueries.Find,
            ("$sample", filter.Sample),
            ("$plan", filter.Plan),
            ("$since", filter.Since is { } since ? UnixSeconds.FromTime(since) : null),
            ("$finished", filter.FinishedOnly ? 1 : 0));

    /// <exception cref="KeyNotFoundException">No run with this uid.</exception>
    public CatalogRun this[string uid] =>
        TryGetRun(uid) ?? throw new KeyNotFoundException($"{DatabasePath}: no run with uid {uid}");

    public CatalogRun? TryGetRun(string uid)
    {
        using var command = Command(CatalogQueries.Run, ("$uid", uid));
        using var reader = Execute(command);
        if (!reader.Read()) return null;
        var sampleId = reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1);
        var run = new CatalogRun(this,
            reader.GetString(0),
            reader.GetString(2),
            reader.GetDouble(3),
            reader.IsDBNull(4) ? null : reader.GetDouble(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? 0 : reader.GetInt64(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            CatalogJson.Object(reader.IsDBNull(8) ? null : reader.GetString(8), DatabasePath, $"runs.metadata of run {uid}"),
            sampleId is { } id ? ReadSample(id) : null);
        return run;
    }

    private CatalogSample? ReadSample(long id)
    {
        using var command = Command(CatalogQueries.Sample, ("$id", id));
        using var reader = Execute(command);
        if (!reader.Read()) return null;
        var name = reader.GetString(1);
        return new CatalogSample(
            reader.GetInt64(0),
            name,
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            CatalogJson.StringList(reader.IsDBNull(4) ? null : reader.GetString(4), DatabasePath, $"samples.tags of sample {name}"),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            CatalogJson.Object(reader.IsDBNull(6) ? null : reader.GetString(6), DatabasePath, $"samples.extra of sample {name}"));
    }

    private IZarrStore? _openedImages;

    /// <summary>The image store, opened on first use.</summary>
    /// <exception cref="CatalogException">The sibling <c>.zarr</c> directory does not exist.</exception>
    internal IZarrStore ImageStore()
    {
        if (_images is not null) return _images;
        if (_openedImages is not null) return _openedImages;
        if (!Directory.Exists(ZarrStorePath))
            throw new CatalogException(ZarrStorePath, $"the Zarr store of catalog {DatabasePath} is missing (images are expected in <db stem>.zarr beside the database)");
        return _openedImages = new DirectoryZarrStore(ZarrStorePath);
    }

    private IReadOnlyList<CatalogRunSummary> Summaries(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = Execute(command);
        var runs = new List<CatalogRunSummary>();
        while (reader.Read())
            runs.Add(new CatalogRunSummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        return runs;
    }

    internal SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a query, turning SQLite's errors (missing tables, a damaged file) into errors that name the catalog.</summary>
    internal SqliteDataReader Execute(SqliteCommand command)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (SqliteException e)
        {
            throw new CatalogException(DatabasePath, $"query failed ({e.Message})", e);
        }
    }

    private bool _disposed;

    public void Dispose()
    {
        _disposed = true;
        _connection.Dispose();
    }
}
