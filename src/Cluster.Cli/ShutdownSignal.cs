using System.Runtime.InteropServices;

namespace Cluster.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM cancel <see cref="Token"/> instead of killing the process, so a command can drain
/// and hand its work back. A second signal is left to the default handler and ends the process at once.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal(CancellationToken linked)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(linked);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    private void Handle(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return;
        context.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
