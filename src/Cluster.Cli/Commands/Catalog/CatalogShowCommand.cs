using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cluster.Cli.Commands.Client;
using Cluster.Formats.Catalog;
using Spectre.Console;

namespace Cluster.Cli.Commands.Catalog;

/// <summary>
/// <c>cluster catalog DB show UID [--stream S] [--rows N] [--json]</c>: a run's metadata, its sample, its image fields
/// and the first rows of a stream's table.
/// </summary>
public static class CatalogShowCommand
{
    public static Command Create(Terminal terminal, Argument<FileInfo> database)
    {
        var uid = new Argument<string>("uid") { Description = "The run's uid" };
        var stream = new Option<string>("--stream") { Description = "Stream whose table is previewed", DefaultValueFactory = _ => "primary" };
        var rows = new Option<int>("--rows") { Description = "Table rows to preview", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print JSON (metadata and the whole table) instead of text" };
        var command = new Command("show", "One run: metadata, sample, image fields and a table preview") { uid, stream, rows, json };
        command.SetAction(parse => CatalogCommand.Guard(terminal, parse.GetRequiredValue(database), catalog =>
        {
            var run = catalog[parse.GetRequiredValue(uid)];
            var table = run.Table(parse.GetValue(stream)!);
            var fields = run.ImageFields().Select(f => (Field: f, Images: run.Images(f))).ToList();
            if (parse.GetValue(json))
            {
                ResultConsole.WriteJson(terminal, new Dictionary<string, object?>
                {
                    ["uid"] = run.Uid,
                    ["plan_name"] = run.PlanName,
                    ["time_start"] = run.TimeStart,
                    ["time_stop"] = run.TimeStop,
                    ["exit_status"] = run.ExitStatus,
                    ["num_events"] = run.NumEvents,
                    ["operator"] = run.Operator,
                    ["metadata"] = run.Metadata,
                    ["sample"] = run.Sample is { } s ? new Dictionary<string, object?>
                    {
                        ["name"] = s.Name, ["formula"] = s.Formula, ["serial"] = s.Serial, ["tags"] = s.Tags,
                        ["beamline_pos"] = s.BeamlinePosition, ["extra"] = s.Extra,
                    } : null,
                    ["streams"] = run.Streams(),
                    ["images"] = fields.ToDictionary(f => f.Field, f => new { count = f.Images.Count, shape = new[] { f.Images.Shape.Frames, f.Images.Shape.Rows, f.Images.Shape.Columns }, dtype = f.Images.DataType }),
                    ["table"] = new Dictionary<string, object?>
                    {
                        ["stream"] = table.Stream,
                        ["columns"] = table.Columns,
                        ["rows"] = Enumerable.Range(0, table.RowCount).Select(i => Row(table, i)).ToList(),
                    },
                });
                return ExitCodes.Ok;
            }
            var output = terminal.Output;
            output.WriteLine($"uid:         {run.Uid}");
            output.WriteLine($"plan:        {run.PlanName}");
            output.WriteLine($"start:       {CatalogRunRows.Time(run.TimeStart)}");
            output.WriteLine($"stop:        {(run.TimeStop is { } stop ? CatalogRunRows.Time(stop) : "running")}");
            output.WriteLine($"exit status: {run.ExitStatus ?? "-"}");
            output.WriteLine($"events:      {run.NumEvents}");
            output.WriteLine($"sample:      {(run.Sample is { } sample ? $"{sample.Name}{(sample.Formula is null ? "" : $" ({sample.Formula})")}{(sample.Tags.Count > 0 ? $" tags {string.Join(", ", sample.Tags)}" : "")}" : "-")}");
            if (run.Metadata.EnumerateObject().Any()) output.WriteLine($"metadata:    {run.Metadata.GetRawText()}");
            foreach (var (field, images) in fields)
                output.WriteLine($"images:      {field}: {images.Count} frames of {images.Shape.Rows} x {images.Shape.Columns} {images.DataType}");
            output.WriteLine($"table:       {table.Stream}, {table.RowCount} rows{(table.RowCount > parse.GetValue(rows) ? $", first {parse.GetValue(rows)}" : "")}");
            var preview = ResultConsole.Table(terminal, [.. table.Columns]);
            for (var i = 0; i < Math.Min(table.RowCount, parse.GetValue(rows)); i++)
                preview.AddRow(Row(table, i).Values.Select(v => Markup.Escape(Cell(v))).ToArray());
            ResultConsole.For(terminal).Write(preview);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Dictionary<string, object?> Row(CatalogTable table, int i)
    {
        var row = new Dictionary<string, object?> { ["seq_num"] = table.SeqNum[i], ["time"] = table.Time[i] };
        foreach (var column in table.Columns.Skip(2)) row[column] = table[column][i];
        return row;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
        JsonElement e => e.GetRawText(),
        _ => value.ToString() ?? "",
    };
}
