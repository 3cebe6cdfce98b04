using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>Items of a spectrogram-set run: names (keys or file stems), each with the input directory as its input.</summary>
public class SetItemExpansionTests
{
    private static readonly IJobKind Kind = SpectrogramSetKind.Create();

    [Fact]
    public void Glob_matches_become_items_named_by_stem_in_order_with_the_directory_as_input()
    {
        using var root = new TempDirectory();
        foreach (var file in new[] { "ees/orbit_1003.npz", "ees/orbit_1001.npz", "ies/orbit_1001.npz", "ees/notes.txt" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(root.File(file))!);
            File.WriteAllText(root.File(file), "x");
        }

        var items = InputExpander.Expand(new InputSpec(root.Path, "ees/*.npz", null), Kind, new InputRoots([root.Path]));

        Assert.Equal(["orbit_1001", "orbit_1003"], items.Select(i => i.Key));
        Assert.All(items, i => Assert.Equal(root.Path, i.Input));
        Assert.Equal(ItemForm.NameInDirectory, Kind.Items);
        Assert.False(Kind.ReadsFiles);
    }

    [Fact]
    public void Listed_keys_are_items_as_given_and_without_a_directory_the_first_root_is_their_input()
    {
        using var root = new TempDirectory();
        var items = InputExpander.Expand(new InputSpec(null, null, ["shot_7", "shot_2"]), Kind, new InputRoots([root.Path]));

        Assert.Equal(["shot_7", "shot_2"], items.Select(i => i.Key));
        Assert.All(items, i => Assert.Equal(root.Path, i.Input));
    }

    [Fact]
    public async Task Two_files_with_one_stem_a_directory_outside_the_roots_and_object_storage_are_refused()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("a"));
        Directory.CreateDirectory(root.File("b"));
        File.WriteAllText(root.File("a/o1.npz"), "x");
        File.WriteAllText(root.File("b/o1.npz"), "x");
        var roots = new InputRoots([root.Path]);

        var twice = Assert.Throws<ArgumentException>(() => InputExpander.Expand(new InputSpec(root.Path, "*/*.npz", null), Kind, roots));
        Assert.Equal("input.glob: a/o1.npz and b/o1.npz both name the item 'o1'", twice.Message);
        var outside = Assert.Throws<ArgumentException>(() => InputExpander.Expand(new InputSpec("/etc", null, ["o1"]), Kind, roots));
        Assert.StartsWith("input.directory: /etc is outside the input roots", outside.Message);
        var s3 = await Assert.ThrowsAsync<ArgumentException>(() => InputExpander.ExpandAsync(new InputSpec("s3://bucket/orbits", null, ["o1"]), Kind, roots, null));
        Assert.Contains("reads its files from a local directory", s3.Message);
    }
}
