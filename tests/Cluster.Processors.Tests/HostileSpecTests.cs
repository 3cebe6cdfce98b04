using System.Diagnostics;
using System.Text;
using Cluster.Core.Specs;

namespace Cluster.Processors.Tests;

/// <summary>
/// Specs written to hurt the parser (alias bombs, absurd nesting) or the processor (sizes that would allocate
/// gigabytes): each is refused before anything is built or allocated, with the line and field.
/// </summary>
public class HostileSpecTests
{
    private const string Head = "name: a\nkind: iq-spectrogram\ninput: {directory: d}\nparams:\n";

    private static JobSpec Parse(string text) => JobSpecParser.Parse(text, ProcessorKinds.All(), "/data");

    private static SpecError SingleError(string text) => Assert.Single(Assert.Throws<JobSpecException>(() => Parse(text)).Errors);

    /// <summary>Nine levels of nine aliases each: 9^9 (387 million) strings once expanded.</summary>
    public static string BillionLaughs()
    {
        var yaml = new StringBuilder("name: lol\nkind: checksum\ninput: {directory: d}\nparams:\n  lol0: &a0 \"lol\"\n");
        for (var level = 1; level <= 9; level++)
            yaml.Append($"  lol{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        return yaml.ToString();
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused_at_its_first_alias_without_expanding_it()
    {
        var clock = Stopwatch.StartNew();
        var error = SingleError(BillionLaughs());
        Assert.Equal("line 6: spec: aliases (*a0) are not supported: write the value out", error.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_single_harmless_alias_is_refused_too_with_its_line()
    {
        var error = SingleError("name: a\nkind: checksum\ninput: &in {directory: d}\nsample: *in\n");
        Assert.Equal("line 4: spec: aliases (*in) are not supported: write the value out", error.ToString());
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Nesting_far_deeper_than_a_spec_needs_is_refused_not_a_stack_overflow(string open, string close)
    {
        const int depth = 200_000;
        var text = "name: deep\nkind: checksum\ninput: {directory: d}\nparams:\n  deep: "
            + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "\n";
        var error = SingleError(text);
        Assert.Equal("spec", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Equal("nested deeper than 32 levels", error.Message);
    }

    [Fact]
    public void Lframes_of_two_to_the_thirtieth_is_refused_before_any_allocation()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal("line 5: params.lframes: must be a power of two between 2 and 16777216 (got 1073741824)",
            SingleError(Head + "  lframes: 1073741824\n").ToString());
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64 << 20, "parsing the spec allocated the frame");
    }

    [Fact]
    public void Lframes_beyond_a_32_bit_integer_names_the_range()
    {
        Assert.Equal($"line 5: params.lframes: must be between {int.MinValue} and {int.MaxValue} (got 1099511627776)",
            SingleError(Head + "  lframes: 1099511627776\n").ToString());
    }

    [Fact]
    public void N_avg_of_zero_is_refused()
    {
        Assert.Equal("line 5: params.n_avg: must be at least 1 (got 0)", SingleError(Head + "  n_avg: 0\n").ToString());
    }

    [Theory]
    [InlineData("priority: 1000000000000\n", "line 4: priority: must be between -1000 and 1000 (got 1000000000000)")]
    [InlineData("max_attempts: 0\n", "line 4: max_attempts: must be between 1 and 100 (got 0)")]
    [InlineData("lease_seconds: 99999999\n", "line 4: lease_seconds: must be between 1 and 86400 (got 99999999)")]
    public void Huge_and_zero_run_settings_name_their_range(string line, string message)
    {
        Assert.Equal(message, SingleError("name: a\nkind: checksum\ninput: {directory: d}\n" + line).ToString());
    }

    [Theory]
    [InlineData("  zoom_span: .inf\n", "line 5: params.zoom_span: must be a number (got \".inf\")")]
    [InlineData("  vmin: .nan\n", "line 5: params.vmin: must be a number (got \".nan\")")]
    [InlineData("  sample_rate: 1e999\n", "line 5: params.sample_rate: must be a number (got \"1e999\")")]
    public void Infinite_and_nan_parameters_are_not_numbers(string line, string message)
    {
        Assert.Equal(message, SingleError(Head + line).ToString());
    }

    [Theory]
    [InlineData("name: a\nkind: checksum\ninput: [d]\n", "line 3: input: must be a mapping of names to values (got a list)")]
    [InlineData("name: a\nkind: checksum\ninput: {directory: d, items: {a: 1}}\n", "line 3: input.items: must be a list")]
    [InlineData("name: a\nkind: iq-spectrogram\ninput: {directory: d}\nparams: 5\n", "line 4: params: must be a mapping of names to values (got 5)")]
    [InlineData("name: a\nkind: checksum\ninput: {directory: d}\ncolour: red\n", "line 4: colour: unknown field (known: input, kind, lease_seconds, max_attempts, name, outputs, params, priority, sample)")]
    [InlineData("name: a\nkind: checksum\ninput: {directory: d}\nname: b\n", "line 4: spec: not valid YAML or JSON: Duplicate key")]
    [InlineData("- name: a\n- name: b\n", "line 1: spec: must be a mapping with name, kind, input, params")]
    [InlineData("name: a\nkind: checksum\ninput: {directory: d}\n---\nname: b\n", "line 5: spec: one job spec per document")]
    public void Wrong_shapes_and_unknown_keys_name_the_field_and_line(string text, string message)
    {
        Assert.StartsWith(message, SingleError(text).ToString());
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var error = SingleError("{\n  \"name\": \"a\",\n  \"kind\": \"checksum\"\n  \"input\": {\"directory\": \"d\"}\n}\n");
        Assert.Equal("spec", error.Field);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("not valid YAML or JSON", error.Message);
    }
}
