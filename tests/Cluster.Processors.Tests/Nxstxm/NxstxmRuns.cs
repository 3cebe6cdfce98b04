using Cluster.Core.Processing;
using Cluster.Processors.Nxstxm;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>Runs the nxstxm processor on one file into an output directory, as a worker would.</summary>
internal static class NxstxmRuns
{
    public static ProcessorResult Convert(string input, string outputDirectory, NxstxmParameters? parameters = null)
    {
        var scratch = Directory.CreateTempSubdirectory("cluster-test-scratch-");
        try
        {
            return new NxstxmProcessor().ProcessAsync(new WorkInput(Path.GetFileName(input), input), parameters ?? new NxstxmParameters(),
                new ProcessorContext(outputDirectory, scratch.FullName), CancellationToken.None).GetAwaiter().GetResult();
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Every file the output directory holds, hidden temporary files included.</summary>
    public static string[] Files(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
