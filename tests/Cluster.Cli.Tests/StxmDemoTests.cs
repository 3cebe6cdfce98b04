using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

public class StxmDemoTests
{
    [Fact]
    public async Task Demo_converts_a_synthetic_stxm_stack_with_two_polarizations()
    {
        using var root = new TempDirectory();
        var run = await CliRunner.RunAsync("demo", "-o", root.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        var item = Path.Combine(root.Path, "cluster-data/artifacts/runs/demo-nxstxm/stack.jsonl");
        Assert.Contains(Path.Combine(item, "stack.hdf5"), run.Error);
        Assert.True(File.Exists(Path.Combine(root.Path, "stxm/stack.jsonl")));
        Assert.True(File.Exists(Path.Combine(item, "stack.png")));
        var (code, report) = NexusValidator.Validate(Path.Combine(item, "stack.hdf5"), "--strict", "--profile", "mantis");
        Assert.True(code == 0, report);
        var read = Python.Run("""
            import sys, h5py
            f = h5py.File(sys.argv[1], 'r')
            print(sorted(f), f['entry0/counter0/data'].shape, [float(f[e + '/instrument/epu/polarization'][()]) for e in sorted(f)])
            """, Path.Combine(item, "stack.hdf5"));
        Assert.Equal("['entry0', 'entry1'] (7, 64, 64) [-1.0, 1.0]", read.Trim());
    }
}
