using System.Text.Json;

namespace Cluster.Formats.Catalog;

/// <summary>One run of a catalog: its row, its sample, and access to its streams' tables and lazy image stacks.</summary>
public sealed class CatalogRun
{
    private readonly BeamtimeCatalog _catalog;

    internal CatalogRun(BeamtimeCatalog catalog, string uid, string planName, double timeStart, double? timeStop, string? exitStatus,
        long numEvents, string? @operator, JsonElement metadata, CatalogSample? sample)
    {
        _catalog = catalog;
        Uid = uid;
        PlanName = planName;
        TimeStart = timeStart;
        TimeStop = timeStop;
        ExitStatus = exitStatus;
        NumEvents = numEvents;
        Operator = @operator;
        Metadata = metadata;
        Sample = sample;
    }

    public string Uid { get; }
    public string PlanName { get; }

    /// <summary>Unix seconds.</summary>
    public double TimeStart { get; }

    /// <summary>Unix seconds; null while the run is open.</summary>
    public double? TimeStop { get; }

    public string? ExitStatus { get; }
    public long NumEvents { get; }
    public string? Operator { get; }

    /// <summary>The run's <c>metadata</c> JSON object (empty when none).</summary>
    public JsonElement Metadata { get; }

    public CatalogSample? Sample { get; }

    public bool IsFinished => TimeStop is not null;

    public DateTimeOffset StartedAt => UnixSeconds.ToTime(TimeStart);

    /// <summary>The run's stream names (e.g. <c>primary</c>, <c>baseline</c>).</summary>
    public IReadOnlyList<string> Streams()
    {
        using var command = _catalog.Command(CatalogQueries.Streams, ("$uid", Uid));
        using var reader = _catalog.Execute(command);
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>
    /// The stream's events as a table: <c>seq_num</c>, <c>time</c>, then the union of the event data keys (in the
    /// order they first appear), rows ordered by seq_num. A stream without events (or no such stream) gives a table
    /// with only <c>seq_num</c> and <c>time</c> and no rows.
    /// </summary>
    public CatalogTable Table(string stream = "primary")
    {
        using var command = _catalog.Command(CatalogQueries.Events, ("$uid", Uid), ("$stream", stream));
        using var reader = _catalog.Execute(command);
        var seqNums = new List<long>();
        var times = new List<double>();
        var rows = new List<JsonElement>();
        while (reader.Read())
        {
            seqNums.Add(reader.GetInt64(0));
            times.Add(reader.GetDouble(1));
            rows.Add(CatalogJson.Object(reader.GetString(2), _catalog.DatabasePath, $"events.data of run {Uid} stream {stream} seq_num {reader.GetInt64(0)}"));
        }
        return CatalogTable.FromEvents(stream, seqNums, times, rows);
    }

    /// <summary>The image fields recorded for this run (names for <see cref="Images"/>).</summary>
    public IReadOnlyList<string> ImageFields()
    {
        using var command = _catalog.Command(CatalogQueries.ImageFields, ("$uid", Uid));
        using var reader = _catalog.Execute(command);
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>
    /// The run's frames of <paramref name="field"/>, lazily: only the image references are read now; each frame is read
    /// from the Zarr store when asked for. No references gives an empty stack.
    /// </summary>
    /// <exception cref="CatalogException">The run has frames of this field but the Zarr store is missing.</exception>
    public CatalogImages Images(string field = "detector_image")
    {
        using var command = _catalog.Command(CatalogQueries.ImageRefs, ("$uid", Uid), ("$field", field));
        using var reader = _catalog.Execute(command);
        var refs = new List<ImageReference>();
        while (reader.Read())
            refs.Add(new ImageReference(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt64(5)));
        // A missing store is reported here, when the run is known to have frames, rather than at the first frame.
        if (refs.Count > 0) _catalog.ImageStore();
        return new CatalogImages(_catalog, Uid, field, refs);
    }

    public override string ToString() => $"CatalogRun({Uid}, {PlanName})";
}

/// <summary>A row of <c>image_refs</c>: frame <see cref="IndexInStack"/> of the Zarr array at <see cref="ZarrGroup"/>.</summary>
internal sealed record ImageReference(string ZarrGroup, long IndexInStack, int ShapeX, int ShapeY, string DataType, long SeqNum);
