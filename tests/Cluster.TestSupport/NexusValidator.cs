using System.Diagnostics;

namespace Cluster.TestSupport;

/// <summary>Runs <c>../shared/nexus/validate_nxdl.py</c> with Debian's python3 on a file.</summary>
public static class NexusValidator
{
    /// <summary>
    /// The example scan types MANTiS cannot open (rank-1 point spectra; focus scans, whose axes are zone plate z and
    /// the line): with <c>--profile mantis</c> they carry one <c>[MANTiS] @axes</c> warning per entry (docs/nxstxm.md).
    /// </summary>
    public static readonly IReadOnlySet<string> NotForMantis = new HashSet<string> { "OSA_FOCUS", "SAMPLE_FOCUS", "SAMPLE_POINT_SPECTRA" };

    /// <summary>Exit code (0 pass, 1 errors or, with --strict, warnings) and the report.</summary>
    public static (int Code, string Output) Validate(string path, params string[] options)
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
