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
