using SkiaSharp;

namespace Cluster.Plotting;

/// <summary>
/// A raster to paint onto a <see cref="Canvas"/>: Skia BGRA8888 premultiplied pixels, i.e. 0xAARRGGBB words on a
/// little-endian machine; row 0 is the top. Write every row first, then draw it: the first draw freezes the
/// pixels into an image that SVG and PDF documents may keep referencing (by reference count) after this object
/// is disposed.
/// </summary>
public sealed unsafe class ArgbImage : IDisposable
{
    private SKBitmap? _bitmap;
    private SKImage? _image;

    public int Width { get; }
    public int Height { get; }

    private ArgbImage(SKBitmap bitmap)
    {
        _bitmap = bitmap;
        Width = bitmap.Width;
        Height = bitmap.Height;
    }

    public static ArgbImage Create(int width, int height)
    {
        return new ArgbImage(TransparentBitmap(width, height, "image"));
    }

    /// <summary>A transparent BGRA8888 premultiplied bitmap (the pixel format of images and image canvases alike).</summary>
    internal static SKBitmap TransparentBitmap(int width, int height, string what)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"{what} size must be positive, got {width}x{height}");
        var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul)))
        {
            bitmap.Dispose();
            throw new OutOfMemoryException($"Skia could not allocate a {width}x{height} {what}");
        }
        bitmap.Erase(SKColors.Transparent);
        return bitmap;
    }

    /// <summary>One row of pixels; write opaque or premultiplied 0xAARRGGBB values.</summary>
    public Span<uint> Row(int y)
    {
        var bitmap = Bitmap;
        if (_image is not null)
            throw new InvalidOperationException("the image was already drawn; its pixels can no longer change");
        if ((uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(y), $"row {y} outside 0..{Height - 1}");
        return new Span<uint>((byte*)bitmap.GetPixels() + (long)y * bitmap.RowBytes, Width);
    }

    /// <summary>The pixels as an immutable Skia image, shared with the bitmap (no copy).</summary>
    internal SKImage Snapshot()
    {
        if (_image is not null) return _image;
        var bitmap = Bitmap;
        bitmap.NotifyPixelsChanged();
        bitmap.SetImmutable();
        return _image = SKImage.FromBitmap(bitmap)
                        ?? throw new InvalidOperationException($"Skia could not make an image of a {Width}x{Height} bitmap");
    }

    private SKBitmap Bitmap
    {
        get
        {
            ObjectDisposedException.ThrowIf(_bitmap is null, this);
            return _bitmap;
        }
    }

    public void Dispose()
    {
        _image?.Dispose();
        _image = null;
        _bitmap?.Dispose();
        _bitmap = null;
    }
}
