namespace Cluster.Plotting;

/// <summary>An opaque 8-bit sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb White => new(255, 255, 255);
    public static Rgb Black => new(0, 0, 0);

    /// <summary>Skia BGRA8888 pixel as a little-endian 0xAARRGGBB word; opaque, so premultiplication is a no-op.</summary>
    public uint ToArgb32() => 0xFF000000u | ((uint)R << 16) | ((uint)G << 8) | B;
}
