using Cluster.Core.Inputs;
using Cluster.Core.Processing;
using Cluster.Core.Specs;
using Cluster.Core.Watching;
using Cluster.Core.Working;
using Cluster.Processors;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>The in-process parts of watches and publishing: admission, the local source's listing, the publish block and the publisher.</summary>
public class WatchAdmissionAndPublishTests
{
    [Fact]
    public void Admission_fills_name_and_input_and_confines_source_and_publish_to_the_roots()
    {
        using var temp = new TempDirectory();
        var root = Directory.CreateDirectory(temp.File("root")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "det1"));
        var admission = new WatchAdmission(ProcessorKinds.All(), new InputRoots([root]));

        var watch = admission.Admit(null, "det1", "**/*.bin", 2,
            $"kind: checksum\npriority: 5\npublish: {{to: {root}/display, name: '{{parent}}.png'}}\n");
        Assert.Equal(("det1", Path.Combine(root, "det1"), "**/*.bin", 2, "checksum", 5),
            (watch.Name, watch.Source, watch.Pattern, watch.SettleSeconds, watch.Kind, watch.Priority));
        var spec = JobSpecParser.Parse(watch.SpecJson, ProcessorKinds.All());
        Assert.Equal(new InputSpec(Path.Combine(root, "det1"), "**/*.bin", null), spec.Input);
        Assert.Equal(new PublishSpec(Path.Combine(root, "display"), "{parent}.png"), spec.Publish);

        var e = Assert.Throws<JobSpecException>(() => admission.Admit("x", "/etc", "*", -1,
            "kind: checksum\ninput: {directory: /tmp}\npublish: {to: /var/tmp}\n"));
        Assert.Equal(["input", "publish.to", "settle_seconds", "source"], e.Errors.Select(x => x.Field).Order());
        Assert.Contains("outside the input roots", e.Errors.Single(x => x.Field == "source").Message);
        Assert.Equal(3, e.Errors.Single(x => x.Field == "publish.to").Line);
    }

    [Fact]
    public async Task Local_source_lists_matching_files_and_skips_hidden_ones_and_links_out_of_the_roots()
    {
        using var temp = new TempDirectory();
        var root = Directory.CreateDirectory(temp.File("root")).FullName;
        var outside = Directory.CreateDirectory(temp.File("outside")).FullName;
        var watched = Directory.CreateDirectory(Path.Combine(root, "live", "run7")).Parent!.FullName;
        File.WriteAllText(Path.Combine(watched, "a.bin"), "12345");
        File.WriteAllText(Path.Combine(watched, "run7", "b.bin"), "1");
        File.WriteAllText(Path.Combine(watched, ".a.bin.part"), "x");
        File.WriteAllText(Path.Combine(watched, "notes.txt"), "x");
        Directory.CreateDirectory(Path.Combine(watched, ".cache"));
        File.WriteAllText(Path.Combine(watched, ".cache", "c.bin"), "x");
        File.WriteAllText(Path.Combine(outside, "secret.bin"), "x");
        File.CreateSymbolicLink(Path.Combine(watched, "leak.bin"), Path.Combine(outside, "secret.bin"));

        using var source = new LocalDirectorySource(watched, new GlobPattern("**/*.bin"), new InputRoots([root]));
        var files = await source.ScanAsync(CancellationToken.None);
        Assert.Equal([("a.bin", Path.Combine(watched, "a.bin"), 5L), ("run7/b.bin", Path.Combine(watched, "run7", "b.bin"), 1L)],
            files.Select(f => (f.RelativePath, f.Input, f.Size)));
        Assert.Equal(File.GetLastWriteTimeUtc(Path.Combine(watched, "a.bin")).Ticks.ToString(), files[0].Stamp);
    }

    [Fact]
    public void Publish_block_round_trips_and_bad_names_are_refused_with_their_line()
    {
        var spec = JobSpecParser.Parse("name: p\nkind: checksum\ninput: {directory: /data}\npublish:\n  to: /srv/display\n", ProcessorKinds.All());
        Assert.Equal(new PublishSpec("/srv/display", "{stem}.png"), spec.Publish);
        Assert.Equal(spec.Publish, JobSpecParser.Parse(spec.ToJson(), ProcessorKinds.All()).Publish);
        Assert.Null(JobSpecParser.Parse("name: p\nkind: checksum\ninput: {directory: /data}\n", ProcessorKinds.All()).Publish);

        var e = Assert.Throws<JobSpecException>(() => JobSpecParser.Parse(
            "name: p\nkind: checksum\ninput: {directory: /data}\npublish:\n  to: display\n  name: '{detector}/x.png'\n", ProcessorKinds.All()));
        Assert.Equal([("publish.name", 6), ("publish.to", 5)], e.Errors.Select(x => (x.Field, x.Line)).Order());
    }

    [Fact]
    public void Publisher_replaces_the_target_with_the_newest_png_and_expands_placeholders()
    {
        using var temp = new TempDirectory();
        var display = temp.File("display");
        var older = temp.File("spectrogram.png");
        var newer = temp.File("waterfall.png");
        File.WriteAllBytes(older, [0x89, 0x50, 0x4e, 0x47, 1]);
        File.WriteAllBytes(newer, [0x89, 0x50, 0x4e, 0x47, 2]);
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddMinutes(-1));
        var input = new WorkInput("det1/shot42.tiq", "/data/det1/shot42.tiq");
        ArtifactFile[] artifacts = [new("waterfall.png", newer, "image/png"), new("spectrogram.png", older, "image/png"),
            new("data.npz", temp.File("data.npz"), "application/octet-stream")];

        var published = QuickLookPublisher.Publish(new PublishSpec(display, "{run}-{parent}-{stem}.png"), "beam", input, artifacts);
        Assert.Equal(Path.Combine(display, "beam-det1-shot42.png"), published);
        Assert.Equal([0x89, 0x50, 0x4e, 0x47, 2], File.ReadAllBytes(published!));

        File.WriteAllBytes(newer, [0x89, 0x50, 0x4e, 0x47, 3]);
        QuickLookPublisher.Publish(new PublishSpec(display, "{run}-{parent}-{stem}.png"), "beam", input, artifacts);
        Assert.Equal([0x89, 0x50, 0x4e, 0x47, 3], File.ReadAllBytes(published!));
        Assert.Equal(["beam-det1-shot42.png"], Directory.GetFiles(display).Select(Path.GetFileName));
        Assert.Null(QuickLookPublisher.Publish(new PublishSpec(display, "x.png"), "beam", input, [artifacts[2]]));
    }
}
