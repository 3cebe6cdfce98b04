using Cluster.Core.Specs;
using Cluster.Processors.Nxstxm;

namespace Cluster.Processors.Tests.Nxstxm;

public class NxstxmSpecTests
{
    private static JobSpec Parse(string text) => JobSpecParser.Parse(text, ProcessorKinds.All(), "/data");

    [Fact]
    public void Defaults_write_hdf5_and_the_quick_look_with_gzip_1()
    {
        var spec = Parse("""
            name: stxm
            kind: nxstxm
            input: { directory: scans, glob: "*.jsonl" }
            """);
        Assert.Equal(new NxstxmParameters { SourceName = "unknown", Compression = 1, QuickLook = true }, spec.Parameters);
    }

    [Fact]
    public void Parameters_bind_and_formats_without_png_turn_the_quick_look_off()
    {
        var spec = Parse("""
            name: stxm
            kind: nxstxm
            input: { directory: scans }
            params: { source_name: "CLS SM 10ID-1", compression: 4 }
            outputs: { formats: [hdf5] }
            """);
        Assert.Equal(new NxstxmParameters { SourceName = "CLS SM 10ID-1", Compression = 4, QuickLook = false }, spec.Parameters);
    }

    [Fact]
    public void Every_bad_field_is_reported_with_its_line()
    {
        var error = Assert.Throws<JobSpecException>(() => Parse("""
            name: stxm
            kind: nxstxm
            input: { directory: scans }
            params:
              compression: 12
              quicklook: maybe
              colour: red
            outputs:
              formats: [png, tiff]
            """));
        var messages = error.Errors.Select(e => $"line {e.Line}: {e.Field}: {e.Message}").ToList();
        Assert.Contains(messages, m => m.StartsWith("line 9: outputs.formats: unknown output format 'tiff'"));
        Assert.Contains(messages, m => m.StartsWith("line 9: outputs.formats: must include hdf5"));
        Assert.Contains(messages, m => m.StartsWith("line 6: params.quicklook: must be true or false"));
        Assert.Contains(messages, m => m.StartsWith("line 7: params.colour: unknown field"));
        Assert.Contains("line 5: params.compression: must be between 0 and 9 (got 12)", messages);
        var compression = Assert.Single(Assert.Throws<JobSpecException>(() => Parse("""
            name: stxm
            kind: nxstxm
            input: { directory: scans }
            params: { compression: 12 }
            """)).Errors);
        Assert.Equal(("params.compression", 4), (compression.Field, compression.Line));
        Assert.Equal("must be between 0 and 9 (got 12)", compression.Message);
        var contradiction = Assert.Single(Assert.Throws<JobSpecException>(() => Parse("""
            name: stxm
            kind: nxstxm
            input: { directory: scans }
            params: { quicklook: true }
            outputs: { formats: [hdf5] }
            """)).Errors);
        Assert.Equal(("params.quicklook", "is true but outputs.formats does not list png"), (contradiction.Field, contradiction.Message));
    }
}
