using Cluster.Core.Specs;
using Cluster.Plotting;
using Cluster.Processors.IqSpectrogram;
using Cluster.Processors.SpectrogramSet;

namespace Cluster.Processors.Tests.SpectrogramSet;

public class SetSpecBindingTests
{
    private static JobSpec Parse(string text) => JobSpecParser.Parse(text, ProcessorKinds.All(), "/data");

    private static IReadOnlyList<SpecError> Errors(string text) => Assert.Throws<JobSpecException>(() => Parse(text)).Errors;

    [Fact]
    public void A_full_spec_binds_rows_overrides_events_zoom_and_formats()
    {
        var spec = Parse("""
            name: fast-campaign
            kind: spectrogram-set
            input: { directory: orbits, glob: "ees/*.npz" }
            params:
              colormap: magma
              z_scale: log
              z_min: 1
              zoom_minutes: 6.25
              events: { orbit_1002: [1000000100, 1000000400] }
              rows:
                - file: "ees/{item}.npz"
                  x: time_unix
                  y: energy
                  data: eflux
                  label: EES
                  y_max: 4000
                  vmax: 1e7
                - file: "ies/{item}.h5"
                  x: /entry/time
                  y: /entry/energy
                  data: /entry/ies/flux
                  collapse_axis: 2
                  z_scale: linear
                  y_scale: log
                  y_label: Ion energy (eV)
                  z_label: Flux
            outputs: { formats: [png, svg], width: 1600 }
            """);

        var p = Assert.IsType<SpectrogramSetParameters>(spec.Parameters);
        Assert.Equal(new Cluster.Core.Specs.InputSpec("/data/orbits", "ees/*.npz", null), spec.Input);
        Assert.Equal(("magma", AxisScale.Log, 1.0, 6.25), (p.Colormap, p.ZScale, p.ZMin!.Value, p.ZoomMinutes!.Value));
        Assert.Equal([1000000100.0, 1000000400.0], p.EventsOf("orbit_1002"));
        Assert.Empty(p.EventsOf("orbit_1003"));
        Assert.Equal([OutputFormat.Png, OutputFormat.Svg], p.Formats.Order());
        Assert.Equal((1600, 0), (p.Width, p.Height));
        Assert.Equal(2, p.Rows.Count);
        var ees = p.Rows[0];
        Assert.Equal(("ees/orbit_7.npz", "time_unix", "energy", "eflux", "EES", 4000.0, 1e7), (ees.FileOf("orbit_7"), ees.X, ees.Y, ees.Data, ees.Label, ees.YMax!.Value, ees.VMax!.Value));
        Assert.Equal(("Energy (eV)", "Counts", (int?)null, (AxisScale?)null), (ees.YLabel, ees.ZLabel, ees.CollapseAxis, ees.ZScale));
        var ies = p.Rows[1];
        Assert.Equal(("/entry/ies/flux", 2, AxisScale.Linear, AxisScale.Log, "Ion energy (eV)", "Flux"),
            (ies.Data, ies.CollapseAxis!.Value, ies.ZScale!.Value, ies.YScale!.Value, ies.YLabel, ies.ZLabel));
    }

    [Fact]
    public void Defaults_are_x_y_data_arrays_linear_scales_viridis_png_and_the_item_as_title()
    {
        var p = Assert.IsType<SpectrogramSetParameters>(Parse("""
            name: s
            kind: spectrogram-set
            input: { items: [a, b] }
            params: { rows: [ { file: "{item}.npz" } ], events: [5, 6] }
            """).Parameters);

        var row = Assert.Single(p.Rows);
        Assert.Equal(("x", "y", "data", ""), (row.X, row.Y, row.Data, row.Label));
        Assert.Equal((AxisScale.Linear, AxisScale.Linear, "viridis", "{item}"), (p.YScale, p.ZScale, p.Colormap, p.Title));
        Assert.Equal([OutputFormat.Png], p.Formats);
        Assert.Null(p.ZoomMinutes);
        Assert.Equal([5.0, 6.0], p.EventsOf("b"));
    }

    [Theory]
    [InlineData("- file: \"../{item}.npz\"", "params.rows[0].file", "must stay below the input directory")]
    [InlineData("- file: \"/abs/{item}.npz\"", "params.rows[0].file", "must be relative to the input directory")]
    [InlineData("- file: \"{orbit}.npz\"", "params.rows[0].file", "the only placeholder is {item}")]
    [InlineData("- file: \"{item}.cdf\"", "params.rows[0].file", "must end in .npz, or .h5")]
    [InlineData("- { file: a.npz, z_scale: cubic }", "params.rows[0].z_scale", "must be linear or log (got 'cubic')")]
    [InlineData("- { file: a.npz, vmin: 5, vmax: 5 }", "params.rows[0].vmin", "must be below vmax")]
    [InlineData("- { file: a.npz, collapse_axis: 3 }", "params.rows[0].collapse_axis", "must be between 0 and 2")]
    [InlineData("- { file: a.npz, colour: red }", "params.rows[0].colour", "unknown field")]
    [InlineData("- { x: t }", "params.rows[0].file", "is required")]
    [InlineData("- just-a-file.npz", "params.rows[0]", "must be a mapping")]
    public void Row_problems_name_the_row_field_and_its_line(string row, string field, string message)
    {
        var error = Assert.Single(Errors($"""
            name: s
            kind: spectrogram-set
            input: {"{"} items: [a] {"}"}
            params:
              rows:
                {row}
            """));

        Assert.Equal(field, error.Field);
        Assert.Equal(6, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Spec_level_problems_are_all_reported_with_their_lines()
    {
        var errors = Errors("""
            name: s
            kind: spectrogram-set
            input: { items: [a] }
            params:
              z_min: 10
              z_max: 1
              zoom_minutes: -2
              events: { a: [1, two] }
              colormap: rainbowish
              rows: [ { file: "{item}.npz" } ]
            outputs: { formats: [png, npz] }
            """).OrderBy(e => e.Line).ToList();

        Assert.Contains(errors, e => e is { Field: "params.events.a[1]", Line: 8 } && e.Message.Contains("must be a number"));
        Assert.Contains(errors, e => e is { Field: "outputs.formats", Line: 11 } && e.Message.Contains("unknown figure format 'npz'"));
        // Range checks run once the fields parse: the first problem of the parameters is reported.
        var missingRows = Assert.Single(Errors("name: s\nkind: spectrogram-set\ninput: { items: [a] }\nparams: { colormap: magma }\n"));
        Assert.Equal(("params.rows", "is required"), (missingRows.Field, missingRows.Message));
        var zRange = Assert.Single(Errors("name: s\nkind: spectrogram-set\ninput: { items: [a] }\nparams:\n  rows: [ { file: a.npz } ]\n  z_min: 10\n  z_max: 1\n"));
        Assert.Equal(("params.z_min", 6), (zRange.Field, zRange.Line));
        var zoom = Assert.Single(Errors("name: s\nkind: spectrogram-set\ninput: { items: [a] }\nparams:\n  rows: [ { file: a.npz } ]\n  zoom_minutes: 0\n"));
        Assert.Equal(("params.zoom_minutes", 6), (zoom.Field, zoom.Line));
    }
}
