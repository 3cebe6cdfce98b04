using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.TestSupport;

namespace Cluster.Core.Tests;

public class InputTests
{
    [Theory]
    [InlineData("*.tiq", "a.tiq", true)]
    [InlineData("*.tiq", "sub/a.tiq", false)]
    [InlineData("**/*.tiq", "a.tiq", true)]
    [InlineData("**/*.tiq", "x/y/a.tiq", true)]
    [InlineData("2026-*/*.sigmf-meta", "2026-11/r.sigmf-meta", true)]
    [InlineData("2026-*/*.sigmf-meta", "2025-11/r.sigmf-meta", false)]
    [InlineData("run_??.bin", "run_07.bin", true)]
    [InlineData("*.TIQ", "a.tiq", false)]
    public void Glob_patterns_match_relative_paths(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).Matches(path));

    [Fact]
    public void Paths_that_climb_or_link_out_of_the_roots_are_refused()
    {
        using var temp = new TempDirectory();
        var root = Directory.CreateDirectory(temp.File("root")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.tiq"), "x");
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
        Directory.CreateDirectory(Path.Combine(root, "in"));
        var roots = new InputRoots([root]);

        Assert.Equal(Path.Combine(root, "in"), roots.Resolve("in", "input.directory"));
        Assert.StartsWith("input.directory: ../outside is outside the input roots", Assert.Throws<ArgumentException>(() => roots.Resolve("../outside", "input.directory")).Message);
        Assert.StartsWith("input.directory:", Assert.Throws<ArgumentException>(() => roots.Resolve("escape", "input.directory")).Message);
        Assert.Throws<ArgumentException>(() => roots.Resolve("/etc", "input.directory"));
    }

    [Fact]
    public void A_matched_file_linking_out_of_the_roots_is_not_an_item_and_is_reported_while_the_others_are_items()
    {
        using var temp = new TempDirectory();
        var root = Directory.CreateDirectory(temp.File("root")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.tiq"), "x");
        File.WriteAllText(Path.Combine(data, "a.tiq"), "a");
        File.WriteAllText(Path.Combine(data, "c.tiq"), "c");
        File.CreateSymbolicLink(Path.Combine(data, "b.tiq"), Path.Combine(outside, "secret.tiq"));
        // A link that stays inside the root is an ordinary item, read where it leads.
        File.CreateSymbolicLink(Path.Combine(data, "d.tiq"), Path.Combine(data, "a.tiq"));
        var skipped = new List<string>();

        var items = InputExpander.Expand(new Specs.InputSpec(data, "*.tiq", null), new FileKind(), new InputRoots([root]), skipped: skipped.Add);

        Assert.Equal([("a.tiq", Path.Combine(data, "a.tiq")), ("c.tiq", Path.Combine(data, "c.tiq")), ("d.tiq", Path.Combine(data, "a.tiq"))],
            items.Select(i => (i.Key, i.Input)));
        Assert.Equal([$"b.tiq: not an item: it links to {Path.Combine(outside, "secret.tiq")}, outside the input roots ({root})"], skipped);
    }

    /// <summary>A kind whose items are the files it reads; it is never run here.</summary>
    private sealed class FileKind : Kinds.IJobKind
    {
        public string Name => "files";
        public bool ReadsFiles => true;
        public object? BindParameters(Specs.SpecReader parameters, Specs.SpecReader outputs) => new();
        public Task<Processing.ProcessorResult> ProcessAsync(Processing.WorkInput input, object parameters, Processing.ProcessorContext context,
            CancellationToken cancellationToken) => throw new NotSupportedException("expansion only");
    }

    [Theory]
    [InlineData("a.tiq", "a.tiq")]
    [InlineData("sub/dir/a b.tiq", "sub%2Fdir%2Fa%20b.tiq")]
    [InlineData("..", "%2E.")]
    [InlineData(".hidden", "%2Ehidden")]
    [InlineData("Ü.bin", "%C3%9C.bin")]
    [InlineData("", "%")]
    public void Item_keys_become_one_safe_segment_reversibly(string key, string segment)
    {
        Assert.Equal(segment, ArtifactKeys.Segment(key));
        Assert.Equal(key, ArtifactKeys.Unsegment(segment));
        Assert.DoesNotContain('/', ArtifactKeys.Segment(key));
    }
}
