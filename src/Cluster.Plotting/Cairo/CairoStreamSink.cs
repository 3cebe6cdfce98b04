using System.Runtime.InteropServices;
using Cluster.Plotting.Native;

namespace Cluster.Plotting;

/// <summary>
/// Target of cairo's write callback for SVG/PDF surfaces. Exceptions cannot cross the native boundary, so
/// the first one is kept, cairo is told the write failed, and <see cref="Canvas.Finish"/> rethrows it.
/// </summary>
internal sealed unsafe class CairoStreamSink : IDisposable
{
    private readonly Stream _output;
    private GCHandle _handle;

    public Exception? Failure { get; private set; }

    public CairoStreamSink(Stream output)
    {
        if (!output.CanWrite)
            throw new ArgumentException("output stream is not writable", nameof(output));
        _output = output;
        _handle = GCHandle.Alloc(this);
    }

    public nint Closure => GCHandle.ToIntPtr(_handle);

    public static delegate* unmanaged<nint, byte*, uint, int> WriteCallback => &Write;

    [UnmanagedCallersOnly]
    private static int Write(nint closure, byte* data, uint length)
    {
        var sink = (CairoStreamSink)GCHandle.FromIntPtr(closure).Target!;
        if (sink.Failure is not null)
            return CairoNative.CAIRO_STATUS_WRITE_ERROR;
        try
        {
            sink._output.Write(new ReadOnlySpan<byte>(data, checked((int)length)));
            return CairoNative.CAIRO_STATUS_SUCCESS;
        }
        catch (Exception e)
        {
            sink.Failure = e;
            return CairoNative.CAIRO_STATUS_WRITE_ERROR;
        }
    }

    public void Dispose()
    {
        if (_handle.IsAllocated) _handle.Free();
    }
}
