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
    public static TheoryData<string> Examples() => new(StxmExampleReference.Files);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Written_example_passes_the_validator(string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name + ".nxs");
        var scan = StxmScanReader.Read(StxmExampleReference.PathOf(name));
        NexusFileWriter.Write(NxstxmBuilder.Build(scan, new NxstxmFileInfo(Path.GetFileName(path), DateTimeOffset.Now)), path);

        var (strict, strictOut) = Validate(path, "--strict");
        Assert.True(strict == 0, strictOut);
        var (mantis, mantisOut) = Validate(path, "--strict", "--profile", "mantis");
        if (!NexusValidator.NotForMantis.Contains(name))
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

    private static (int Code, string Output) Validate(string path, params string[] options) => NexusValidator.Validate(path, options);
}
