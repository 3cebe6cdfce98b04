using SkiaSharp;

namespace Cluster.Plotting;

/// <summary>
/// The typefaces every figure uses: DejaVu Sans, loaded from its files so that a figure looks the same on every
/// machine. A missing file is an error naming the Debian package, never a silent fallback to another font (which
/// would change every text width, and so the layout, without a word).
/// </summary>
public static class FigureFonts
{
    /// <summary>Where Debian's fonts-dejavu-core installs the fonts.</summary>
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";

    public const string RegularFile = "DejaVuSans.ttf";
    public const string BoldFile = "DejaVuSans-Bold.ttf";

    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Default = new(() => Load(DefaultDirectory));

    public static SKTypeface Regular => Default.Value.Regular;

    /// <summary>Loads the fonts now, so that a missing file fails before any Skia object exists that would then leak.</summary>
    public static void EnsureLoaded() => _ = Default.Value;
    public static SKTypeface Bold => Default.Value.Bold;

    /// <summary>Loads both typefaces from <paramref name="directory"/>; throws <see cref="FileNotFoundException"/> naming the package.</summary>
    internal static (SKTypeface Regular, SKTypeface Bold) Load(string directory) =>
        (LoadFile(Path.Combine(directory, RegularFile)), LoadFile(Path.Combine(directory, BoldFile)));

    private static SKTypeface LoadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"figure font {path} is missing: install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core)", path);
        return SKTypeface.FromFile(path)
               ?? throw new InvalidDataException($"figure font {path} is not a font Skia can read: reinstall the Debian package fonts-dejavu-core");
    }
}
