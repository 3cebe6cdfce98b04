using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>Fresh processes share FFTW's planning results through the wisdom file, and the results do not change.</summary>
public class FftwWisdomTests
{
    [Fact]
    public async Task The_first_process_saves_wisdom_and_the_next_reuses_it_with_identical_output()
    {
        using var temp = new TempDirectory();
        var wisdom = temp.File("cache/fftwf.wisdom");
        var environment = new Dictionary<string, string> { ["CLUSTER_FFTW_WISDOM"] = wisdom };
        var tiq = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0_first102400.tiq");

        var first = await ClusterProcess.RunAsync(environment, TimeSpan.FromMinutes(1), "spectrogram", tiq, "-o", temp.File("a"), "--format", "npz", "--lframes", "512");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.StartsWith("(fftw-3.3", File.ReadAllText(wisdom));
        var second = await ClusterProcess.RunAsync(environment, TimeSpan.FromMinutes(1), "spectrogram", tiq, "-o", temp.File("b"), "--format", "npz", "--lframes", "512");
        Assert.True(second.ExitCode == 0, second.Output);

        var npz = "p_400_MeV_u_332_uA_0_first102400.npz";
        var same = Python.Run("""
            import sys, numpy as np
            a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
            print(all(np.array_equal(a[k], b[k]) for k in ("power", "frequency_hz", "time_s")))
            """, Path.Combine(temp.File("a"), npz), Path.Combine(temp.File("b"), npz));
        Assert.Equal("True\n", same);
    }
}
