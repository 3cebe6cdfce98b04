using Cluster.Core.Processing;
using Cluster.Processors.IqSpectrogram;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>The processor end to end. Tests that render need SpectrogramSetFigure.Render (Cluster.Plotting, setfig branch).</summary>
public class SetProcessorTests
{
    private static readonly double[] Energies = [30000, 4000, 1000, 100, 10];

    private static SpectrogramSetParameters Parameters(params string[] formats) => new()
    {
        Rows = [new SetRowSpec { File = "ees/{item}.npz", Label = "EES", ZScale = Cluster.Plotting.AxisScale.Log }, new SetRowSpec { File = "ies/{item}.npz", Label = "IES" }],
        Events = [RowFileWriter.Start + 100, RowFileWriter.Start + 200],
        ZoomMinutes = 2,
        Formats = formats.Select(f => Enum.Parse<OutputFormat>(f, ignoreCase: true)).ToHashSet(),
        Width = 900,
        Height = 700,
    };

    private static Task<ProcessorResult> Run(string directory, string key, string output, SpectrogramSetParameters parameters) =>
        new SpectrogramSetProcessor().ProcessAsync(new WorkInput(key, directory), parameters, new ProcessorContext(output, output), CancellationToken.None);

    /// <summary>Needs the figure merge (SpectrogramSetFigure.Render).</summary>
    [Fact]
    public async Task An_item_gives_its_figure_as_png_svg_and_pdf_named_after_the_key()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/o1.npz"), 120, 3, Energies, (t, p, e) => 1 + t * (p + 1) * (e + 1));
        RowFileWriter.Cube(dir.File("ies/o1.npz"), 120, 2, Energies, (t, p, e) => (t + p + e) % 7);
        var output = dir.File("out");

        var result = await Run(dir.Path, "o1", output, Parameters("png", "svg", "pdf"));

        Assert.Equal(ItemOutcome.Done, result.Outcome);
        Assert.Equal(["o1.pdf", "o1.png", "o1.svg"], result.Artifacts.Select(a => a.Name).Order());
        var check = Python.Run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]); im.load(); print(im.size[0], im.size[1])
            svg = open(sys.argv[2]).read(); assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
            assert open(sys.argv[3], "rb").read(5) == b"%PDF-"
            """, Path.Combine(output, "o1.png"), Path.Combine(output, "o1.svg"), Path.Combine(output, "o1.pdf"));
        Assert.Equal("900 700", check.Trim());
        Assert.Equal(result.Artifacts.Select(a => a.Path).Order(), Directory.EnumerateFiles(output).Order());
    }

    [Fact]
    public async Task No_data_in_range_ends_no_data_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/q.npz"), 10, 3, Energies, (_, _, _) => double.NaN);
        RowFileWriter.Cube(dir.File("ies/q.npz"), 10, 3, Energies, (_, _, _) => double.NaN);
        var output = dir.File("out");

        var result = await Run(dir.Path, "q", output, Parameters("png"));

        Assert.Equal(ItemOutcome.NoData, result.Outcome);
        Assert.StartsWith("no data in range in any row: row 0 (EES): no finite data; row 1 (IES): no finite data", result.Notes[0]);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_corrupt_row_file_fails_the_item_naming_it_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/c.npz"), 10, 3, Energies, (_, _, _) => 1);
        Directory.CreateDirectory(dir.File("ies"));
        File.WriteAllText(dir.File("ies/c.npz"), "this is not a zip archive");
        var output = dir.File("out");

        var error = await Assert.ThrowsAsync<SpectrogramSetInputException>(() => Run(dir.Path, "c", output, Parameters("png")));

        Assert.StartsWith($"item 'c', row 1 (IES): {dir.File("ies/c.npz")}: not a readable NPZ file", error.Message);
        Assert.False(Directory.Exists(output));
    }
}
