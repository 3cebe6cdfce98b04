using System.Collections.Concurrent;

namespace Cluster.Storage.Sqlite;

/// <summary>
/// Embedded mode has no NOTIFY: enqueuing transitions pulse an in-process signal shared by every store instance
/// that opened the same database file (embedded mode is one process by definition).
/// </summary>
internal static class ProcessWorkSignals
{
    private static readonly ConcurrentDictionary<string, WorkSignal> Signals = new(StringComparer.Ordinal);

    public static WorkSignal For(string databasePath) => Signals.GetOrAdd(Path.GetFullPath(databasePath), _ => new WorkSignal());
}
