using System.Net;
using System.Net.Sockets;

namespace Cluster.Grains.Hosting;

/// <summary>
/// A free port for a silo on this machine, held until the process ends. Two races are avoided:
/// <list type="bullet">
/// <item>between silos starting together: asking the OS for a free port and binding it later gave two `cluster`
/// processes the same port (Orleans then took the newer silo for a restart of the older one and declared that one
/// dead), so each candidate is claimed with an exclusive lock on a file named after it, which goes with the process
/// however it ends;</item>
/// <item>with other programs' free ports: the OS hands those out from its ephemeral range (and tests pick HTTP ports
/// there), so silos take theirs from a range below it, starting at Orleans' customary 11111.</item>
/// </list>
/// </summary>
public static class SiloPort
{
    public const int First = 11111;
    public const int Candidates = 2000;
    private static readonly string Locks = Path.Combine(Path.GetTempPath(), "cluster-silo-ports");
    private static readonly List<FileStream> Held = [];

    public static int Reserve(IPAddress address)
    {
        Directory.CreateDirectory(Locks);
        for (var port = First; port < First + Candidates; port++)
        {
            FileStream claim;
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Linux.
                claim = new FileStream(Path.Combine(Locks, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // another silo of this machine holds it
            }
            if (!FreeNow(address, port))
            {
                claim.Dispose(); // something else listens there
                continue;
            }
            lock (Held) Held.Add(claim);
            return port;
        }
        throw new InvalidOperationException($"no free silo port on {address} in {First}-{First + Candidates - 1} (locks in {Locks}); set Cluster:Silo:Port");
    }

    private static bool FreeNow(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.IsLoopback(address) ? address : IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
