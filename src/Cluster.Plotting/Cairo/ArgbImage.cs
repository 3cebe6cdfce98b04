using Cluster.Plotting.Native;

namespace Cluster.Plotting;

/// <summary>
/// A raster to paint onto a <see cref="Canvas"/>: a cairo ARGB32 image surface whose memory cairo owns, so a
/// PDF or SVG surface that still references it after painting keeps it alive by reference count.
/// Pixels are premultiplied 0xAARRGGBB words in native byte order; row 0 is the top.
/// </summary>
public sealed unsafe class ArgbImage : IDisposable
{
    private nint _surface;

    public int Width { get; }
    public int Height { get; }
    private readonly int _stride;

    private ArgbImage(nint surface, int width, int height)
    {
        _surface = surface;
        Width = width;
        Height = height;
        _stride = CairoNative.cairo_image_surface_get_stride(surface);
    }

    public static ArgbImage Create(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}x{height}");
        CairoNative.EnsureLoaded();
        var surface = CairoNative.cairo_image_surface_create(CairoNative.CAIRO_FORMAT_ARGB32, width, height);
        var status = CairoNative.cairo_surface_status(surface);
        if (status != CairoNative.CAIRO_STATUS_SUCCESS)
        {
            CairoNative.cairo_surface_destroy(surface);
            throw new CairoException(status, $"image_surface_create({width}x{height})");
        }
        // Direct writes to the data are only allowed after a flush (cairo may hold pending drawing).
        CairoNative.cairo_surface_flush(surface);
        return new ArgbImage(surface, width, height);
    }

    /// <summary>One row of pixels; write opaque or premultiplied 0xAARRGGBB values.</summary>
    public Span<uint> Row(int y)
    {
        ObjectDisposedException.ThrowIf(_surface == 0, this);
        if ((uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(y), $"row {y} outside 0..{Height - 1}");
        var data = CairoNative.cairo_image_surface_get_data(_surface);
        return new Span<uint>(data + (long)y * _stride, Width);
    }

    /// <summary>The surface, after telling cairo its pixels were written behind its back.</summary>
    internal nint SurfaceForPainting()
    {
        ObjectDisposedException.ThrowIf(_surface == 0, this);
        CairoNative.cairo_surface_mark_dirty(_surface);
        return _surface;
    }

    public void Dispose()
    {
        if (_surface == 0) return;
        CairoNative.cairo_surface_destroy(_surface);
        _surface = 0;
    }
}
