using Cluster.Core.Specs;
using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;

namespace Cluster.Processors.Tests;

public class JobSpecParsingTests
{
    private static JobSpec Parse(string text, string? baseDirectory = "/data") => JobSpecParser.Parse(text, ProcessorKinds.All(), baseDirectory);

    private static SpecError SingleError(string text)
    {
        var error = Assert.Throws<JobSpecException>(() => Parse(text));
        return Assert.Single(error.Errors);
    }

    [Fact]
    public void A_full_yaml_spec_binds_typed_parameters_and_resolves_the_directory()
    {
        var spec = Parse("""
            name: beamtime-42
            kind: iq-spectrogram
            input:
              directory: iq
              glob: "*.tiq"
            params:
              lframes: 2048
              n_avg: 4
              mode: compat
              zoom_span: 5000
            outputs:
              formats: [png, npz]
            priority: 5
            max_attempts: 2
            lease_seconds: 120
            """);

        Assert.Equal(("beamtime-42", "iq-spectrogram", 5, 2, 120), (spec.Name, spec.Kind, spec.Priority, spec.MaxAttempts, spec.LeaseSeconds));
        Assert.Equal(new InputSpec("/data/iq", "*.tiq", null), spec.Input with { Items = null });
        var parameters = Assert.IsType<IqSpectrogramParameters>(spec.Parameters);
        Assert.Equal((2048, 4, SpectrogramMode.Compat, 5000.0), (parameters.Stft.Lframes, parameters.Stft.NAvg, parameters.Stft.Mode, parameters.ZoomSpan!.Value));
        Assert.Equal([OutputFormat.Png, OutputFormat.Npz], parameters.Formats.Order());
    }

    [Fact]
    public void Json_is_accepted_and_the_stored_json_parses_back_to_the_same_spec()
    {
        var spec = Parse("""{"name": "j1", "kind": "checksum", "input": {"items": ["a.bin", "b.bin"], "directory": "/data/x"}}""");
        var again = JobSpecParser.Parse(spec.ToJson(), ProcessorKinds.All());

        Assert.Equal(["a.bin", "b.bin"], again.Input.Items!);
        Assert.Equal("/data/x", again.Input.Directory);
        Assert.Equal(spec.ToJson(), again.ToJson());
    }

    [Fact]
    public void Yaml_syntax_errors_name_the_line()
    {
        var error = SingleError("name: a\nkind: checksum\ninput:\n  directory: d\n   glob: x\n");
        Assert.Equal("spec", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Contains("not valid YAML or JSON", error.Message);

        // YamlDotNet gives no position for a flow collection left open at the end; still a spec error, not a crash.
        var unclosed = SingleError("name: a\nkind: checksum\ninput: [unclosed\n");
        Assert.Equal("spec", unclosed.Field);
    }

    [Fact]
    public void Unknown_kind_lists_the_known_ones()
    {
        var error = SingleError("name: a\nkind: fft-magic\ninput: {directory: d}\n");
        Assert.Equal("line 2: kind: unknown kind 'fft-magic' (known: catalog-export, checksum, iq-spectrogram, noop, nxstxm, spectrogram-set)", error.ToString());
    }

    [Fact]
    public void Missing_input_is_reported()
    {
        Assert.Equal("input: is required", SingleError("name: a\nkind: checksum\n").ToString());
    }

    [Fact]
    public void Wrong_types_and_bad_values_point_at_the_parameter_line()
    {
        const string head = "name: a\nkind: iq-spectrogram\ninput: {directory: d}\nparams:\n";
        Assert.Equal("line 5: params.lframes: must be a whole number (got \"abc\")", SingleError(head + "  lframes: abc\n").ToString());
        Assert.StartsWith("line 6: params.lframes: must be a power of two", SingleError(head + "  n_avg: 2\n  lframes: 1000\n").ToString());
        Assert.StartsWith("line 5: params.n_avg: must be", SingleError(head + "  n_avg: -1\n").ToString());
        Assert.StartsWith("line 5: params.mode: must be psd or compat", SingleError(head + "  mode: fancy\n").ToString());
        Assert.StartsWith("line 5: params.lfrmaes: unknown field", SingleError(head + "  lfrmaes: 1024\n").ToString());
    }

    [Fact]
    public void Input_parameters_bind_to_the_reader_options()
    {
        var spec = Parse("""
            name: sdr
            kind: iq-spectrogram
            input: {directory: d, glob: "*.dat"}
            params: {raw_format: ri16_be, sample_rate: 2.4e6, center_frequency: 1.09e9, channel: 2, verify_sha512: false}
            """);
        var input = Assert.IsType<IqSpectrogramParameters>(spec.Parameters).Input;
        Assert.Equal(new IqOpenOptions { RawFormat = new SampleFormat(false, ComponentType.I16, true), SampleRate = 2.4e6, CenterFrequency = 1.09e9, Channel = 2, VerifySha512 = false }, input);
        Assert.Equal(IqOpenOptions.None, Assert.IsType<IqSpectrogramParameters>(Parse("name: a\nkind: iq-spectrogram\ninput: {directory: d}\n").Parameters).Input);

        const string head = "name: a\nkind: iq-spectrogram\ninput: {directory: d}\nparams:\n";
        Assert.StartsWith("line 5: params.raw_format: unknown sample type 'cx12'", SingleError(head + "  raw_format: cx12\n").ToString());
        Assert.StartsWith("line 5: params.channel: must be 0 or more", SingleError(head + "  channel: -1\n").ToString());
        Assert.StartsWith("line 5: params.sample_rate: must be a positive frequency", SingleError(head + "  sample_rate: 0\n").ToString());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<JobSpecException>(() => Parse("name: 'bad name!'\nkind: checksum\ninput: {glob: '*'}\nlease_seconds: 0\n"));
        Assert.Equal(["input.directory", "lease_seconds", "name"], error.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Globs_may_not_climb_out_of_the_directory()
    {
        var error = SingleError("name: a\nkind: checksum\ninput: {directory: d, glob: '../*'}\n");
        Assert.Equal("input.glob", error.Field);
        Assert.StartsWith("must be a relative pattern", error.Message);
    }
}
