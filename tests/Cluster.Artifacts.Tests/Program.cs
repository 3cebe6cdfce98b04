using Cluster.Storage.Artifacts;

namespace Cluster.Artifacts.Tests;

/// <summary>
/// The child process of <see cref="KilledWriterTests"/>: <c>dotnet Cluster.Artifacts.Tests.dll put ROOT KEY SOURCE</c>
/// stores SOURCE through <see cref="FileArtifactStore.PutFileAsync"/> and prints the SHA-256. The test host never
/// calls this (it loads the assembly as a library).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["put", var root, var key, var source])
        {
            Console.Error.WriteLine("usage: put ROOT KEY SOURCE");
            return 2;
        }
        var record = await new FileArtifactStore(root).PutFileAsync(key, Path.GetFileName(key), source, "application/octet-stream");
        Console.WriteLine(record.Sha256);
        return 0;
    }
}
