using System.Net;
using System.Net.Sockets;

namespace Cluster.Grains.Hosting;

/// <summary>
/// A free port for a silo on this machine, held until the process ends. Asking the OS for a free port and binding it
/// later races with other silos starting at the same moment (measured: two `cluster` processes started together got
/// the same port, and Orleans then took the newer silo for a restart of the older one and declared that one dead).
/// So each candidate is also claimed with an exclusive lock on a file named after it: silos of one machine never share
/// a port, and the lock goes with the process, however it ends.
/// </summary>
public static class SiloPort
{
    private static readonly string Locks = Path.Combine(Path.GetTempPath(), "cluster-silo-ports");
    private static readonly List<FileStream> Held = [];

    public static int Reserve(IPAddress address)
    {
        Directory.CreateDirectory(Locks);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = FreeNow(address);
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
            lock (Held) Held.Add(claim);
            return port;
        }
        throw new InvalidOperationException($"no free silo port on {address} after 50 tries (locks in {Locks})");
    }

    private static int FreeNow(IPAddress address)
    {
        using var listener = new TcpListener(IPAddress.IsLoopback(address) ? address : IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
