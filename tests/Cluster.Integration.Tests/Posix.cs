using System.Runtime.InteropServices;

namespace Cluster.Integration.Tests;

/// <summary>libc's kill(2): .NET's Process.Kill only sends SIGKILL, and the graceful path needs SIGTERM.</summary>
internal static partial class Posix
{
    public const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
