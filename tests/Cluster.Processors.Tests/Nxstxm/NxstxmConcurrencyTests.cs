using System.Diagnostics;
using System.Globalization;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>
/// h5py in another process reads a finished NXstxm file in a loop, with HDF5's default file locking, while the kind
/// writes other scans into the same directory: neither breaks (writers take no lock and readers never see a file
/// before its rename; docs/hdf5.md "File locking").
/// </summary>
public class NxstxmConcurrencyTests
{
    [Fact]
    public async Task H5py_reading_a_finished_file_while_the_kind_writes_another_scan_breaks_neither()
    {
        using var dir = new TempDirectory();
        var first = dir.File("first.jsonl");
        SyntheticStxmScan.WriteJsonLines(first, [700.0, 705.0, 710.0], 32, 32, [0.0]);
        var output = Path.Combine(dir.Path, "out");
        NxstxmRuns.Convert(first, output);
        var finished = Path.Combine(output, "first.hdf5");
        var expectedSum = Enumerable.Range(0, 3).Sum(e => Enumerable.Range(0, 32).Sum(j => Enumerable.Range(0, 32).Sum(i => SyntheticStxmScan.Counts(e, 0, j, i))));
        var second = dir.File("second.jsonl");
        SyntheticStxmScan.WriteJsonLines(second, Enumerable.Range(0, 20).Select(e => 700.0 + e).ToArray(), 64, 64, [-1.0, 1.0]);
        var stop = dir.File("stop");

        var start = new ProcessStartInfo(Python.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(finished);
        start.ArgumentList.Add(stop);
        start.Environment.Remove("HDF5_USE_FILE_LOCKING");
        using var reader = Process.Start(start)!;
        reader.StandardInput.Write("""
            import os, sys, h5py, numpy as np
            reads, sums = 0, set()
            while not os.path.exists(sys.argv[2]) or reads < 3:
                with h5py.File(sys.argv[1], 'r') as f:
                    sums.add(float(np.sum(f['entry0/counter0/data'][()])))
                reads += 1
            print(reads, ' '.join(repr(s) for s in sorted(sums)))
            """);
        reader.StandardInput.Close();
        var stdout = reader.StandardOutput.ReadToEndAsync();
        var stderr = reader.StandardError.ReadToEndAsync();

        for (var k = 0; k < 3; k++)
            NxstxmRuns.Convert(second, output);
        File.WriteAllText(stop, "");
        Assert.True(reader.WaitForExit(TimeSpan.FromMinutes(2)), "the h5py reader did not stop");

        Assert.True(reader.ExitCode == 0, await stderr);
        var parts = (await stdout).Trim().Split(' ');
        Assert.True(int.Parse(parts[0], CultureInfo.InvariantCulture) >= 3);
        Assert.Equal([expectedSum], parts[1..].Select(s => double.Parse(s, CultureInfo.InvariantCulture)));
        Assert.Equal(["first.hdf5", "first.png", "second.hdf5", "second.png"], NxstxmRuns.Files(output));
        var written = Python.Run("import sys, h5py; f = h5py.File(sys.argv[1], 'r'); print(f['entry1/counter0/data'].shape)", Path.Combine(output, "second.hdf5"));
        Assert.Equal("(20, 64, 64)", written.Trim());
    }
}
