using System.Diagnostics;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Nexus.Tests;

/// <summary>
/// Writes every example with <see cref="NexusFileWriter"/> and runs the NXDL validator on the file.
/// NEEDS THE HDF5 WRITER (branch hdf5): on the nexus branch alone <c>NexusFileWriter.Write</c> is a stub that
/// throws, so these tests fail until the branches are merged.
/// </summary>
[Trait("Requires", "hdf5-writer")]
public class ValidatorTests
{
    public static TheoryData<string> Examples() => new(ExampleReference.Files);

    /// <summary>
    /// Scan types MANTiS cannot open (rank-1 point spectra; focus scans, whose axes are zone plate z and the line):
    /// the [MANTiS] profile asks for axes named energy+sample_x+sample_y or line_position+energy, which these
    /// shapes cannot carry, while the NXstxm shape rule fixes their rank. They pass --strict and, with the MANTiS
    /// profile, carry exactly that one warning.
    /// </summary>
    private static readonly HashSet<string> NotForMantis = ["OSA_FOCUS", "SAMPLE_FOCUS", "SAMPLE_POINT_SPECTRA"];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Written_example_passes_the_validator(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name + ".nxs");
        var scan = StxmScanReader.Read(ExampleReference.PathOf(name));
        NexusFileWriter.Write(NxstxmBuilder.Build(scan, new NxstxmFileInfo(Path.GetFileName(path), DateTimeOffset.Now)), path);

        var (strict, strictOut) = Validate(path, "--strict");
        Assert.True(strict == 0, strictOut);
        var (mantis, mantisOut) = Validate(path, "--strict", "--profile", "mantis");
        if (!NotForMantis.Contains(name))
        {
            Assert.True(mantis == 0, mantisOut);
        }
        else
        {
            var warnings = mantisOut.Split('\n').Where(l => l.StartsWith("WARNING")).ToList();
            Assert.NotEmpty(warnings);
            Assert.All(warnings, w => Assert.Contains("[MANTiS] @axes", w));
            Assert.Contains("0 error(s)", mantisOut);
        }

        // h5py reads the signal back as the tree held it
        var first = scan.Entries[0];
        var read = Python.Run("""
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            d = f[sys.argv[2] + '/counter0/data']
            print(d.shape, float(np.nansum(d[()])), f[sys.argv[2] + '/definition'][0].decode(), f[sys.argv[2] + '/counter0/stxm_scan_type'][0].decode())
            """, path, first.Name);
        Assert.Equal($"({string.Join(", ", first.Shape)}{(first.Shape.Length == 1 ? "," : "")}) {first.Data.Where(double.IsFinite).Sum():0.0} NXstxm {first.NxstxmScanType}",
            read.Trim());
    }

    private static (int Code, string Output) Validate(string path, params string[] options)
    {
        var start = new ProcessStartInfo(Python.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryPaths.Nexus("validate_nxdl.py"));
        start.ArgumentList.Add(path);
        foreach (var o in options) start.ArgumentList.Add(o);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
