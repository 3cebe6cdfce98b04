using System.Runtime.InteropServices;
using Cluster.Plotting.Native;

namespace Cluster.Plotting;

/// <summary>A cairo context or surface entered an error state; <see cref="Status"/> is cairo's status code.</summary>
public sealed class CairoException : Exception
{
    public int Status { get; }

    public CairoException(int status, string operation)
        : base($"cairo {operation} failed: {Describe(status)} (status {status})")
    {
        Status = status;
    }

    public CairoException(int status, string operation, Exception inner)
        : base($"cairo {operation} failed: {Describe(status)} (status {status})", inner)
    {
        Status = status;
    }

    private static string Describe(int status) =>
        Marshal.PtrToStringUTF8(CairoNative.cairo_status_to_string(status)) ?? "unknown status";

    internal static void ThrowIfFailed(int status, string operation)
    {
        if (status != CairoNative.CAIRO_STATUS_SUCCESS)
            throw new CairoException(status, operation);
    }
}
