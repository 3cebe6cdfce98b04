using Cluster.Plotting.Native;

namespace Cluster.Plotting;

/// <summary>
/// A cairo drawing context over one target surface: an in-memory ARGB32 image, or an SVG/PDF document
/// written to a stream. Coordinates are figure units with y down. Any cairo error surfaces as a
/// <see cref="CairoException"/> at the call that caused it.
/// </summary>
public sealed unsafe class Canvas : IDisposable
{
    public const string FontFamily = "DejaVu Sans";

    private nint _surface;
    private nint _context;
    private readonly CairoStreamSink? _sink;
    // Backing store of image canvases: allocated on the pinned object heap, so it never moves, and held
    // by this object so it outlives the surface that draws into it (destroyed in Dispose).
    private readonly byte[]? _pixels;
    private readonly string _kind;
    private bool _finished;

    public double Width { get; }
    public double Height { get; }

    /// <summary>Bytes per row of <see cref="Pixels"/> (image canvases only).</summary>
    public int Stride { get; }

    private Canvas(nint surface, double width, double height, string kind, byte[]? pixels, int stride, CairoStreamSink? sink)
    {
        _surface = surface;
        _pixels = pixels;
        _sink = sink;
        _kind = kind;
        Width = width;
        Height = height;
        Stride = stride;
        _context = CairoNative.cairo_create(surface);
        var status = CairoNative.cairo_status(_context);
        if (status != CairoNative.CAIRO_STATUS_SUCCESS)
        {
            Dispose();
            throw new CairoException(status, $"create context on {kind} surface");
        }
    }

    public static Canvas CreateImage(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"canvas size must be positive, got {width}x{height}");
        CairoNative.EnsureLoaded();
        var stride = CairoNative.cairo_format_stride_for_width(CairoNative.CAIRO_FORMAT_ARGB32, width);
        var pixels = GC.AllocateArray<byte>(checked(stride * height), pinned: true);
        nint surface;
        fixed (byte* data = pixels)
            surface = CairoNative.cairo_image_surface_create_for_data(data, CairoNative.CAIRO_FORMAT_ARGB32, width, height, stride);
        ThrowIfSurfaceFailed(surface, $"image_surface_create_for_data({width}x{height})", sink: null);
        return new Canvas(surface, width, height, "image", pixels, stride, sink: null);
    }

    public static Canvas CreateSvg(Stream output, double width, double height)
    {
        CairoNative.EnsureLoaded();
        var sink = new CairoStreamSink(output);
        var surface = CairoNative.cairo_svg_surface_create_for_stream(CairoStreamSink.WriteCallback, sink.Closure, width, height);
        ThrowIfSurfaceFailed(surface, "svg_surface_create_for_stream", sink);
        // cairo 1.16 sizes the document in pt; px keeps the SVG's width/height equal to the requested pixels.
        CairoNative.cairo_svg_surface_set_document_unit(surface, CairoNative.CAIRO_SVG_UNIT_PX);
        return new Canvas(surface, width, height, "SVG", pixels: null, stride: 0, sink);
    }

    public static Canvas CreatePdf(Stream output, double width, double height)
    {
        CairoNative.EnsureLoaded();
        var sink = new CairoStreamSink(output);
        var surface = CairoNative.cairo_pdf_surface_create_for_stream(CairoStreamSink.WriteCallback, sink.Closure, width, height);
        ThrowIfSurfaceFailed(surface, "pdf_surface_create_for_stream", sink);
        return new Canvas(surface, width, height, "PDF", pixels: null, stride: 0, sink);
    }

    private static void ThrowIfSurfaceFailed(nint surface, string operation, CairoStreamSink? sink)
    {
        var status = CairoNative.cairo_surface_status(surface);
        if (status == CairoNative.CAIRO_STATUS_SUCCESS) return;
        // Error surfaces are static "nil" objects in cairo; destroying them is a no-op but harmless.
        CairoNative.cairo_surface_destroy(surface);
        sink?.Dispose();
        throw new CairoException(status, operation);
    }

    /// <summary>
    /// The image canvas's pixels: cairo ARGB32, premultiplied, native-endian words (B, G, R, A bytes on
    /// little-endian machines), <see cref="Stride"/> bytes per row, row 0 at the top.
    /// </summary>
    public ReadOnlySpan<byte> Pixels
    {
        get
        {
            if (_pixels is null)
                throw new InvalidOperationException($"a {_kind} canvas has no pixel buffer");
            ObjectDisposedException.ThrowIf(_surface == 0, this);
            CairoNative.cairo_surface_flush(_surface);
            return _pixels;
        }
    }

    // --- state --------------------------------------------------------------------------------------------

    /// <summary>Saves the graphics state; disposing the returned scope restores it.</summary>
    public StateScope Save()
    {
        CairoNative.cairo_save(Context);
        return new StateScope(this);
    }

    public readonly struct StateScope(Canvas canvas) : IDisposable
    {
        public void Dispose() => CairoNative.cairo_restore(canvas.Context);
    }

    public void Translate(double dx, double dy) => CairoNative.cairo_translate(Context, dx, dy);

    public void Rotate(double radians) => CairoNative.cairo_rotate(Context, radians);

    /// <summary>Restricts drawing to <paramref name="area"/> until the enclosing <see cref="Save"/> scope ends.</summary>
    public void Clip(Rect area)
    {
        CairoNative.cairo_rectangle(Context, area.X, area.Y, area.Width, area.Height);
        CairoNative.cairo_clip(Context);
        Check("clip");
    }

    // --- shapes -------------------------------------------------------------------------------------------

    public void Fill(Rect area, Rgb color)
    {
        SetColor(color);
        CairoNative.cairo_rectangle(Context, area.X, area.Y, area.Width, area.Height);
        CairoNative.cairo_fill(Context);
        Check("fill");
    }

    public void StrokeRectangle(Rect area, Rgb color, double lineWidth)
    {
        SetColor(color);
        CairoNative.cairo_set_line_width(Context, lineWidth);
        CairoNative.cairo_rectangle(Context, area.X, area.Y, area.Width, area.Height);
        CairoNative.cairo_stroke(Context);
        Check("stroke rectangle");
    }

    public void StrokeLine(double x0, double y0, double x1, double y1, Rgb color, double lineWidth)
    {
        SetColor(color);
        CairoNative.cairo_set_line_width(Context, lineWidth);
        CairoNative.cairo_set_line_cap(Context, CairoNative.CAIRO_LINE_CAP_BUTT);
        CairoNative.cairo_move_to(Context, x0, y0);
        CairoNative.cairo_line_to(Context, x1, y1);
        CairoNative.cairo_stroke(Context);
        Check("stroke line");
    }

    /// <summary>A line of dashes <paramref name="dash"/> long with gaps as long, the first dash starting at (x0, y0).</summary>
    public void StrokeDashedLine(double x0, double y0, double x1, double y1, Rgb color, double lineWidth, double dash)
    {
        if (!(dash > 0))
            throw new ArgumentOutOfRangeException(nameof(dash), $"dash length must be positive, got {dash}");
        using (Save())
        {
            var pattern = stackalloc double[] { dash, dash };
            CairoNative.cairo_set_dash(Context, pattern, 2, 0);
            StrokeLine(x0, y0, x1, y1, color, lineWidth);
        }
    }

    private void SetColor(Rgb color) =>
        CairoNative.cairo_set_source_rgb(Context, color.R / 255.0, color.G / 255.0, color.B / 255.0);

    // --- images -------------------------------------------------------------------------------------------

    /// <summary>
    /// Paints <paramref name="image"/> stretched over <paramref name="destination"/> with nearest-neighbour
    /// sampling, so each source pixel becomes a sharp block (in PNG, and as an embedded image in SVG/PDF).
    /// </summary>
    public void DrawImage(ArgbImage image, Rect destination)
    {
        var surface = image.SurfaceForPainting();
        using (Save())
        {
            Clip(destination);
            CairoNative.cairo_translate(Context, destination.X, destination.Y);
            CairoNative.cairo_scale(Context, destination.Width / image.Width, destination.Height / image.Height);
            CairoNative.cairo_set_source_surface(Context, surface, 0, 0);
            CairoNative.cairo_pattern_set_filter(CairoNative.cairo_get_source(Context), CairoNative.CAIRO_FILTER_NEAREST);
            CairoNative.cairo_paint(Context);
        }
        Check("paint image");
    }

    // --- text ---------------------------------------------------------------------------------------------

    public void SetFont(double size, FontWeight weight = FontWeight.Normal)
    {
        CairoNative.cairo_select_font_face(Context, FontFamily, CairoNative.CAIRO_FONT_SLANT_NORMAL,
            weight == FontWeight.Bold ? CairoNative.CAIRO_FONT_WEIGHT_BOLD : CairoNative.CAIRO_FONT_WEIGHT_NORMAL);
        CairoNative.cairo_set_font_size(Context, size);
        Check("select font");
    }

    /// <summary>Advance width and line height of <paramref name="text"/> in the current font.</summary>
    public (double Width, double Height) MeasureText(string text)
    {
        CairoNative.cairo_text_extents(Context, text, out var extents);
        CairoNative.cairo_font_extents(Context, out var font);
        Check("text extents");
        return (extents.x_advance, font.ascent + font.descent);
    }

    /// <summary>Draws one line of text anchored at (x, y), rotated by <paramref name="radians"/> about the anchor.</summary>
    public void DrawText(string text, double x, double y, Rgb color, HorizontalAnchor horizontal,
        VerticalAnchor vertical, double radians = 0)
    {
        CairoNative.cairo_text_extents(Context, text, out var extents);
        CairoNative.cairo_font_extents(Context, out var font);
        var dx = horizontal switch
        {
            HorizontalAnchor.Left => 0,
            HorizontalAnchor.Center => -extents.x_advance / 2,
            _ => -extents.x_advance,
        };
        var dy = vertical switch
        {
            VerticalAnchor.Top => font.ascent,
            VerticalAnchor.Middle => (font.ascent - font.descent) / 2,
            VerticalAnchor.Baseline => 0,
            _ => -font.descent,
        };
        using (Save())
        {
            CairoNative.cairo_translate(Context, x, y);
            if (radians != 0) CairoNative.cairo_rotate(Context, radians);
            SetColor(color);
            CairoNative.cairo_move_to(Context, dx, dy);
            CairoNative.cairo_show_text(Context, text);
        }
        Check("show text");
    }

    // --- output -------------------------------------------------------------------------------------------

    /// <summary>
    /// Completes the drawing: image pixels are flushed; SVG/PDF documents are finished and written to their
    /// stream. Rethrows a failure of the output stream with the format it was writing.
    /// </summary>
    public void Finish()
    {
        if (_finished) return;
        Check("draw");
        if (_sink is null) CairoNative.cairo_surface_flush(Surface);
        else CairoNative.cairo_surface_finish(Surface);
        _finished = true;
        if (_sink?.Failure is { } failure)
            throw new IOException($"writing the {_kind} document to its output stream failed: {failure.Message}", failure);
        CairoException.ThrowIfFailed(CairoNative.cairo_surface_status(Surface), $"finish {_kind} surface");
    }

    /// <summary>cairo's own PNG writer (slow: zlib level 6 and per-pixel unpremultiply); kept as a reference.</summary>
    public void WritePngWithCairo(string path)
    {
        if (_pixels is null)
            throw new InvalidOperationException($"a {_kind} canvas cannot be written as PNG by cairo");
        CairoNative.cairo_surface_flush(Surface);
        CairoException.ThrowIfFailed(CairoNative.cairo_surface_write_to_png(Surface, path), $"surface_write_to_png({path})");
    }

    private nint Context
    {
        get
        {
            ObjectDisposedException.ThrowIf(_context == 0, this);
            return _context;
        }
    }

    private nint Surface
    {
        get
        {
            ObjectDisposedException.ThrowIf(_surface == 0, this);
            return _surface;
        }
    }

    private void Check(string operation) =>
        CairoException.ThrowIfFailed(CairoNative.cairo_status(Context), operation);

    public void Dispose()
    {
        if (_context != 0)
        {
            CairoNative.cairo_destroy(_context);
            _context = 0;
        }
        if (_surface != 0)
        {
            // Destroying the last reference also finishes an unfinished document, which may still call the sink.
            CairoNative.cairo_surface_destroy(_surface);
            _surface = 0;
        }
        _sink?.Dispose();
    }
}
