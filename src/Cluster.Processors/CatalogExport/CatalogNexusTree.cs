using System.Globalization;
using System.Text.Json;
using Cluster.Formats;
using Cluster.Formats.Catalog;
using Cluster.Nexus;

namespace Cluster.Processors.CatalogExport;

/// <summary>
/// The NeXus tree of one catalog run:
/// <code>
/// /                          NXroot   @default=entry
///   entry                    NXentry  @default=data
///     title, entry_identifier (uid), plan_name, start_time, end_time, exit_status, num_events, operator?
///     sample                 NXsample name, chemical_formula?, serial?, beamline_position?, tags[], extra/ (NXcollection)
///     metadata               NXcollection: the run's metadata JSON, one field per key
///     &lt;stream&gt;               NXcollection: seq_num, time, one field per event key (numbers as float64, else JSON text)
///     data                   NXdata   @signal=&lt;first image field&gt; @axes=[seq_num, ., .]: the stack (frames, rows, columns) in
///                                     its stored type, chunked one frame per chunk; seq_num. Without images: the first
///                                     numeric event column against seq_num (links into &lt;stream&gt;).
///     data_&lt;field&gt;           NXdata   further image fields, laid out like data
/// </code>
/// Times are ISO 8601 UTC. The image stacks are read whole (the HDF5 writer takes arrays): memory is one stack.
/// </summary>
public static class CatalogNexusTree
{
    public static NexusGroup Build(CatalogRun run, CatalogTable table, IReadOnlyList<CatalogImages> stacks, int gzipLevel = 1)
    {
        var root = new NexusGroup("root", "NXroot");
        root.Attributes.Set("default", "entry");
        var entry = root.AddGroup("entry", "NXentry");
        entry.Attributes.Set("default", "data");
        entry.AddField("title", new NexusText($"{run.PlanName} {run.Uid}"));
        entry.AddField("entry_identifier", new NexusText(run.Uid));
        entry.AddField("plan_name", new NexusText(run.PlanName));
        entry.AddField("start_time", new NexusText(Iso(run.TimeStart)));
        if (run.TimeStop is { } stop) entry.AddField("end_time", new NexusText(Iso(stop)));
        if (run.ExitStatus is { } status) entry.AddField("exit_status", new NexusText(status));
        entry.AddField("num_events", NexusArray.Scalar(run.NumEvents));
        if (run.Operator is { } op) entry.AddField("operator", new NexusText(op));

        if (run.Sample is { } sample) AddSample(entry, sample);
        AddCollection(entry.AddGroup("metadata", "NXcollection"), run.Metadata);
        var stream = AddTable(entry, table);

        var storage = new NexusStorage(null, Shuffle: gzipLevel > 0, GzipLevel: gzipLevel);
        for (var i = 0; i < stacks.Count; i++)
            AddImages(entry, i == 0 ? "data" : $"data_{stacks[i].Field}", stacks[i], storage);
        if (stacks.Count == 0) AddTablePlot(entry, table, stream);
        return root;
    }

    private static void AddSample(NexusGroup entry, CatalogSample sample)
    {
        var group = entry.AddGroup("sample", "NXsample");
        group.AddField("name", new NexusText(sample.Name));
        if (sample.Formula is { } formula) group.AddField("chemical_formula", new NexusText(formula));
        if (sample.Serial is { } serial) group.AddField("serial", new NexusText(serial));
        if (sample.BeamlinePosition is { } position) group.AddField("beamline_position", new NexusText(position));
        if (sample.Tags.Count > 0) group.AddField("tags", new NexusTextArray(sample.Tags));
        if (sample.Extra.EnumerateObject().Any()) AddCollection(group.AddGroup("extra", "NXcollection"), sample.Extra);
    }

    /// <summary>One field per key: numbers as float64 scalars, booleans as 0/1 int, anything else as its JSON text.</summary>
    private static void AddCollection(NexusGroup group, JsonElement values)
    {
        foreach (var property in values.EnumerateObject())
        {
            if (!IsNexusName(property.Name)) continue;
            group.AddField(property.Name, property.Value.ValueKind switch
            {
                JsonValueKind.Number => NexusArray.Scalar(property.Value.GetDouble()),
                JsonValueKind.True => NexusArray.Scalar(1),
                JsonValueKind.False => NexusArray.Scalar(0),
                JsonValueKind.String => new NexusText(property.Value.GetString()!),
                _ => new NexusText(property.Value.GetRawText()),
            });
        }
    }

    private static NexusGroup AddTable(NexusGroup entry, CatalogTable table)
    {
        var group = entry.AddGroup(IsNexusName(table.Stream) ? table.Stream : "stream", "NXcollection");
        group.Attributes.Set("stream", table.Stream);
        group.AddField("seq_num", new NexusArray(table.SeqNum, table.RowCount));
        group.AddField("time", new NexusArray(table.Time, table.RowCount)).Attributes.Set("units", "s");
        foreach (var column in table.Columns.Skip(2))
        {
            if (!IsNexusName(column) || group.Find(column) is not null) continue;
            if (table.Numeric(column) is { } numbers)
                group.AddField(column, new NexusArray(numbers, numbers.LongLength));
            else
                group.AddField(column, new NexusTextArray(table[column].Select(c => c is null ? "" : c.Value.ValueKind == JsonValueKind.String ? c.Value.GetString()! : c.Value.GetRawText()).ToList()));
        }
        return group;
    }

    private static void AddImages(NexusGroup entry, string name, CatalogImages images, NexusStorage storage)
    {
        var (frames, rows, columns) = images.Shape;
        var stack = images.Range(0, frames);
        var data = NexusData(stack);
        var group = entry.AddGroup(name, "NXdata");
        var fieldName = IsNexusName(images.Field) ? images.Field : "data";
        group.Attributes.Set("signal", fieldName);
        group.Attributes.Set("axes", new NexusTextArray(["seq_num", ".", "."]));
        group.Attributes.Set("seq_num_indices", NexusArray.Scalar(0));
        var storageOneFramePerChunk = storage with { ChunkShape = [1, rows, columns] };
        group.AddField(fieldName, new NexusArray(data, frames, rows, columns), storageOneFramePerChunk)
            .Attributes.Set("long_name", images.Field);
        var seqNums = images.SeqNums.ToArray();
        group.AddField("seq_num", new NexusArray(seqNums, seqNums.LongLength));
    }

    /// <summary>Without images the default plot is the first numeric event column against seq_num.</summary>
    private static void AddTablePlot(NexusGroup entry, CatalogTable table, NexusGroup stream)
    {
        var column = table.Columns.Skip(2).FirstOrDefault(c => IsNexusName(c) && table.Numeric(c) is not null && stream.Find(c) is NexusField);
        if (column is null || table.RowCount == 0) return;
        var group = entry.AddGroup("data", "NXdata");
        group.Attributes.Set("signal", column);
        group.Attributes.Set("axes", new NexusTextArray(["seq_num"]));
        group.AddLink(column, $"/entry/{stream.Name}/{column}");
        group.AddLink("seq_num", $"/entry/{stream.Name}/seq_num");
    }

    /// <summary>The stack's elements as an array type the NeXus tree takes (booleans as bytes).</summary>
    private static Array NexusData(NpyArray stack) => stack.Data switch
    {
        bool[] flags => flags.Select(f => f ? (byte)1 : (byte)0).ToArray(),
        ulong[] => throw new ArgumentException("uint64 detector images cannot be exported to NeXus here (no uint64 fields in the tree)"),
        var data => data,
    };

    private static bool IsNexusName(string name) => name.Length > 0 && !name.Contains('/') && name != ".";

    private static string Iso(double unixSeconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(unixSeconds * TimeSpan.TicksPerSecond)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
