namespace Cluster.Formats.Catalog;

/// <summary>
/// The catalog's SQL, in one place so the tests can check each statement's plan (EXPLAIN QUERY PLAN): every query
/// is answered from the schema's indexes (runs by time_start and sample_id, samples by name, streams by run, events
/// by stream and seq_num), never by scanning a large table.
/// </summary>
internal static class CatalogQueries
{
    public const string SummaryColumns = "r.uid, r.plan_name, r.time_start, r.time_stop, r.exit_status, s.name";

    public const string Recent = $"""
        SELECT {SummaryColumns}
        FROM runs r LEFT JOIN samples s ON r.sample_id = s.id
        ORDER BY r.time_start DESC
        LIMIT $n
        """;

    public const string BySample = $"""
        SELECT {SummaryColumns}
        FROM samples s JOIN runs r ON r.sample_id = s.id
        WHERE s.name = $name
        ORDER BY r.time_start DESC
        """;

    /// <summary>Oldest first: the order a job's items get.</summary>
    public const string Find = $"""
        SELECT {SummaryColumns}
        FROM runs r LEFT JOIN samples s ON r.sample_id = s.id
        WHERE ($sample IS NULL OR s.name = $sample)
          AND ($plan IS NULL OR r.plan_name = $plan)
          AND ($since IS NULL OR r.time_start >= $since)
          AND ($finished = 0 OR r.time_stop IS NOT NULL)
        ORDER BY r.time_start, r.uid
        """;

    public const string Run = """
        SELECT uid, sample_id, plan_name, time_start, time_stop, exit_status, num_events, operator, metadata
        FROM runs WHERE uid = $uid
        """;

    public const string Sample = "SELECT id, name, formula, serial, tags, beamline_pos, extra FROM samples WHERE id = $id";

    public const string Streams = "SELECT name FROM streams WHERE run_uid = $uid ORDER BY time_created, name";

    public const string Events = """
        SELECT e.seq_num, e.time, e.data
        FROM streams s JOIN events e ON e.stream_uid = s.uid
        WHERE s.run_uid = $uid AND s.name = $stream
        ORDER BY e.seq_num
        """;

    public const string ImageFields = """
        SELECT DISTINCT ir.field_name
        FROM streams s JOIN events e ON e.stream_uid = s.uid JOIN image_refs ir ON ir.event_uid = e.uid
        WHERE s.run_uid = $uid
        ORDER BY ir.field_name
        """;

    public const string ImageRefs = """
        SELECT ir.zarr_group, ir.index_in_stack, ir.shape_x, ir.shape_y, ir.dtype, e.seq_num
        FROM streams s JOIN events e ON e.stream_uid = s.uid JOIN image_refs ir ON ir.event_uid = e.uid
        WHERE s.run_uid = $uid AND ir.field_name = $field
        ORDER BY e.seq_num, ir.id
        """;
}
