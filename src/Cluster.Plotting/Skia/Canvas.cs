using SkiaSharp;

namespace Cluster.Plotting;

/// <summary>
/// A Skia drawing surface for one figure: an in-memory raster (written out as PNG by Skia's encoder), or an SVG
/// (<c>SKSvgCanvas</c>) or PDF (<c>SKDocument</c>) document. Coordinates are figure units with y down; lines,
/// rectangles and text are antialiased, images are sampled nearest-neighbour so data cells stay sharp blocks.
/// </summary>
public sealed class Canvas : IDisposable
{
    /// <summary>PNG compression used when none is asked for: zlib level 1, several times faster than the default 6 on figures.</summary>
    public const int DefaultPngZlibLevel = 1;

    private readonly string _kind;
    private readonly Stream? _output;
    private SKBitmap? _bitmap;
    private SKCanvas? _canvas;
    private SKDynamicMemoryWStream? _document;
    private SKDocument? _pdf;
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private readonly SKPaint _imagePaint = new() { IsAntialias = false };
    private SKFont _font;
    private bool _finished;

    public double Width { get; }
    public double Height { get; }

    private Canvas(string kind, double width, double height, Stream? output, SKBitmap? bitmap, SKCanvas canvas,
        SKDynamicMemoryWStream? document, SKDocument? pdf)
    {
        _kind = kind;
        Width = width;
        Height = height;
        _output = output;
        _bitmap = bitmap;
        _canvas = canvas;
        _document = document;
        _pdf = pdf;
        _font = NewFont(FigureFonts.Regular, 12);
    }

    public static Canvas CreateImage(int width, int height)
    {
        FigureFonts.EnsureLoaded();
        var bitmap = ArgbImage.TransparentBitmap(width, height, "canvas");
        return new Canvas("image", width, height, output: null, bitmap, new SKCanvas(bitmap), document: null, pdf: null);
    }

    /// <summary>An SVG document of <paramref name="width"/> x <paramref name="height"/> px, written to <paramref name="output"/> by <see cref="Finish"/>.</summary>
    public static Canvas CreateSvg(Stream output, double width, double height)
    {
        RequireWritable(output, width, height);
        FigureFonts.EnsureLoaded();
        var document = new SKDynamicMemoryWStream();
        var canvas = SKSvgCanvas.Create(SKRect.Create((float)width, (float)height), document);
        if (canvas is null)
        {
            document.Dispose();
            throw new InvalidOperationException($"Skia could not start an SVG document of {width}x{height}");
        }
        return new Canvas("SVG", width, height, output, bitmap: null, canvas, document, pdf: null);
    }

    /// <summary>A one-page PDF of <paramref name="width"/> x <paramref name="height"/> pt, written to <paramref name="output"/> by <see cref="Finish"/>.</summary>
    public static Canvas CreatePdf(Stream output, double width, double height)
    {
        RequireWritable(output, width, height);
        FigureFonts.EnsureLoaded();
        var document = new SKDynamicMemoryWStream();
        var pdf = SKDocument.CreatePdf(document);
        if (pdf is null)
        {
            document.Dispose();
            throw new InvalidOperationException("Skia could not start a PDF document");
        }
        var canvas = pdf.BeginPage((float)width, (float)height);
        return new Canvas("PDF", width, height, output, bitmap: null, canvas, document, pdf);
    }

    // Documents are built in memory and copied to the output at the end: a failing output stream then fails in
    // our own Write call, with its exception, instead of inside a native callback.
    private static void RequireWritable(Stream output, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
            throw new ArgumentException("output stream is not writable", nameof(output));
        if (!(width > 0 && height > 0))
            throw new ArgumentOutOfRangeException(nameof(width), $"document size must be positive, got {width}x{height}");
    }

    // --- state --------------------------------------------------------------------------------------------

    /// <summary>Saves the graphics state; disposing the returned scope restores it.</summary>
    public StateScope Save()
    {
        Skia.Save();
        return new StateScope(this);
    }

    public readonly struct StateScope(Canvas canvas) : IDisposable
    {
        public void Dispose() => canvas.Skia.Restore();
    }

    public void Translate(double dx, double dy) => Skia.Translate((float)dx, (float)dy);

    public void Rotate(double radians) => Skia.RotateRadians((float)radians);

    /// <summary>Restricts drawing to <paramref name="area"/> until the enclosing <see cref="Save"/> scope ends.</summary>
    public void Clip(Rect area) => Skia.ClipRect(ToSk(area), SKClipOperation.Intersect, antialias: false);

    // --- shapes -------------------------------------------------------------------------------------------

    public void Fill(Rect area, Rgb color)
    {
        Paint(color, SKPaintStyle.Fill, 0);
        Skia.DrawRect(ToSk(area), _paint);
    }

    public void StrokeRectangle(Rect area, Rgb color, double lineWidth)
    {
        Paint(color, SKPaintStyle.Stroke, lineWidth);
        _paint.StrokeJoin = SKStrokeJoin.Miter;
        Skia.DrawRect(ToSk(area), _paint);
    }

    public void StrokeLine(double x0, double y0, double x1, double y1, Rgb color, double lineWidth)
    {
        Paint(color, SKPaintStyle.Stroke, lineWidth);
        Skia.DrawLine((float)x0, (float)y0, (float)x1, (float)y1, _paint);
    }

    /// <summary>A line of dashes <paramref name="dash"/> long with gaps as long, the first dash starting at (x0, y0).</summary>
    public void StrokeDashedLine(double x0, double y0, double x1, double y1, Rgb color, double lineWidth, double dash)
    {
        if (!(dash > 0))
            throw new ArgumentOutOfRangeException(nameof(dash), $"dash length must be positive, got {dash}");
        Paint(color, SKPaintStyle.Stroke, lineWidth);
        using var dashes = SKPathEffect.CreateDash([(float)dash, (float)dash], 0);
        _paint.PathEffect = dashes;
        Skia.DrawLine((float)x0, (float)y0, (float)x1, (float)y1, _paint);
        _paint.PathEffect = null;
    }

    private void Paint(Rgb color, SKPaintStyle style, double lineWidth)
    {
        _paint.Color = new SKColor(color.R, color.G, color.B);
        _paint.Style = style;
        _paint.StrokeWidth = (float)lineWidth;
        _paint.StrokeCap = SKStrokeCap.Butt;
    }

    // --- images -------------------------------------------------------------------------------------------

    /// <summary>
    /// Paints <paramref name="image"/> stretched over <paramref name="destination"/> with nearest-neighbour
    /// sampling, so each source pixel becomes a sharp block (in PNG, and as an embedded image in SVG/PDF).
    /// </summary>
    public void DrawImage(ArgbImage image, Rect destination)
    {
        using (Save())
        {
            Clip(destination);
            Skia.DrawImage(image.Snapshot(), ToSk(destination), new SKSamplingOptions(SKFilterMode.Nearest), _imagePaint);
        }
    }

    // --- text ---------------------------------------------------------------------------------------------

    public void SetFont(double size, FontWeight weight = FontWeight.Normal)
    {
        if (!(size > 0))
            throw new ArgumentOutOfRangeException(nameof(size), $"font size must be positive, got {size}");
        _font.Dispose();
        _font = NewFont(weight == FontWeight.Bold ? FigureFonts.Bold : FigureFonts.Regular, size);
    }

    private static SKFont NewFont(SKTypeface typeface, double size) =>
        new(typeface, (float)size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    /// <summary>Advance width and line height (ascent + descent) of <paramref name="text"/> in the current font.</summary>
    public (double Width, double Height) MeasureText(string text)
    {
        var metrics = _font.Metrics;
        return (_font.MeasureText(text), metrics.Descent - metrics.Ascent);
    }

    /// <summary>Draws one line of text anchored at (x, y), rotated by <paramref name="radians"/> about the anchor.</summary>
    public void DrawText(string text, double x, double y, Rgb color, HorizontalAnchor horizontal,
        VerticalAnchor vertical, double radians = 0)
    {
        var width = _font.MeasureText(text);
        var metrics = _font.Metrics; // Ascent is negative (above the baseline), Descent positive.
        var dx = horizontal switch
        {
            HorizontalAnchor.Left => 0,
            HorizontalAnchor.Center => -width / 2,
            _ => -width,
        };
        var dy = vertical switch
        {
            VerticalAnchor.Top => -metrics.Ascent,
            VerticalAnchor.Middle => (-metrics.Ascent - metrics.Descent) / 2,
            VerticalAnchor.Baseline => 0,
            _ => -metrics.Descent,
        };
        Paint(color, SKPaintStyle.Fill, 0);
        using (Save())
        {
            Skia.Translate((float)x, (float)y);
            if (radians != 0) Skia.RotateRadians((float)radians);
            Skia.DrawText(text, dx, dy, SKTextAlign.Left, _font, _paint);
        }
    }

    // --- output -------------------------------------------------------------------------------------------

    /// <summary>
    /// Completes the drawing: image pixels are flushed; SVG/PDF documents are finished and copied to their
    /// stream. A failure of the output stream is rethrown as an <see cref="IOException"/> naming the format.
    /// </summary>
    public void Finish()
    {
        if (_finished) return;
        _finished = true;
        if (_document is null)
        {
            Skia.Flush();
            return;
        }
        if (_pdf is null)
        {
            // An SVG canvas writes its closing tags when it is disposed.
            _canvas!.Dispose();
            _canvas = null;
        }
        else
        {
            _pdf.EndPage();
            _canvas = null; // owned by the document
            _pdf.Close();
        }
        using var data = _document.DetachAsData();
        try
        {
            _output!.Write(data.AsSpan());
            _output.Flush();
        }
        catch (Exception e)
        {
            throw new IOException($"writing the {_kind} document to its output stream failed: {e.Message}", e);
        }
    }

    /// <summary>Encodes an image canvas as an opaque RGB PNG with Skia's encoder (Up filter, zlib <paramref name="zlibLevel"/>).</summary>
    public void WritePng(Stream output, int zlibLevel = DefaultPngZlibLevel)
    {
        if (_bitmap is null)
            throw new InvalidOperationException($"a {_kind} canvas cannot be written as PNG");
        if (zlibLevel is < 0 or > 9)
            throw new ArgumentOutOfRangeException(nameof(zlibLevel), $"zlib level must be 0..9, got {zlibLevel}");
        Finish();
        // Figures are painted over an opaque background: declaring the pixels opaque makes the encoder write
        // RGB (colour type 2) without an alpha channel, as matplotlib's savefig does for opaque figures.
        var info = _bitmap.Info.WithAlphaType(SKAlphaType.Opaque);
        using var pixmap = new SKPixmap(info, _bitmap.GetPixels(), _bitmap.RowBytes);
        using var png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, zlibLevel))
                        ?? throw new InvalidOperationException($"Skia could not encode a {_bitmap.Width}x{_bitmap.Height} PNG");
        output.Write(png.AsSpan());
    }

    private SKCanvas Skia
    {
        get
        {
            ObjectDisposedException.ThrowIf(_canvas is null, this);
            return _canvas;
        }
    }

    private static SKRect ToSk(Rect area) => SKRect.Create((float)area.X, (float)area.Y, (float)area.Width, (float)area.Height);

    public void Dispose()
    {
        if (_pdf is not null)
        {
            if (!_finished) _pdf.Abort();
            _pdf.Dispose();
            _pdf = null;
            _canvas = null;
        }
        _canvas?.Dispose();
        _canvas = null;
        _document?.Dispose();
        _document = null;
        _bitmap?.Dispose();
        _bitmap = null;
        _font.Dispose();
        _paint.Dispose();
        _imagePaint.Dispose();
    }
}
