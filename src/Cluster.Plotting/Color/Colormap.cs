namespace Cluster.Plotting;

/// <summary>
/// A 256-entry colour lookup table identical to matplotlib's (see <see cref="ColormapTables"/>).
/// Values below 0 or above 1 take the end colours, as matplotlib's default under/over colours do.
/// </summary>
public sealed class Colormap
{
    public const string DefaultName = "viridis";
    public const int Size = 256;

    /// <summary>Colour drawn for missing (NaN) values: the figure background.</summary>
    public static Rgb MissingValueColor => Rgb.White;

    private static readonly string[] Names = ["viridis", "plasma", "magma", "inferno", "cividis", "gray"];
    private static readonly Dictionary<string, Colormap> ByName = Names.ToDictionary(n => n, Build, StringComparer.OrdinalIgnoreCase);

    private readonly Rgb[] _entries;
    private readonly uint[] _argb;

    public string Name { get; }

    public static IReadOnlyList<string> AvailableNames => Names;

    private Colormap(string name, ReadOnlySpan<byte> table)
    {
        Name = name;
        _entries = new Rgb[Size];
        _argb = new uint[Size];
        for (var i = 0; i < Size; i++)
        {
            _entries[i] = new Rgb(table[3 * i], table[3 * i + 1], table[3 * i + 2]);
            _argb[i] = _entries[i].ToArgb32();
        }
    }

    /// <summary>Looks a colormap up by name (case-insensitive).</summary>
    public static Colormap Get(string name) =>
        ByName.TryGetValue(name, out var map)
            ? map
            : throw new ArgumentException(
                $"unknown colormap \"{name}\"; valid names: {string.Join(", ", Names)}", nameof(name));

    private static Colormap Build(string name) => new(name, name switch
    {
        "viridis" => ColormapTables.Viridis,
        "plasma" => ColormapTables.Plasma,
        "magma" => ColormapTables.Magma,
        "inferno" => ColormapTables.Inferno,
        "cividis" => ColormapTables.Cividis,
        "gray" => ColormapTables.Gray,
        _ => throw new InvalidOperationException($"no table for colormap {name}"),
    });

    /// <summary>Table entry <paramref name="index"/> (0..255).</summary>
    public Rgb this[int index] => _entries[index];

    /// <summary>Colour of <paramref name="t"/> in [0, 1]; NaN gives <see cref="MissingValueColor"/>.</summary>
    public (byte r, byte g, byte b) Map(double t)
    {
        if (double.IsNaN(t)) return (MissingValueColor.R, MissingValueColor.G, MissingValueColor.B);
        var c = _entries[IndexOf(t)];
        return (c.R, c.G, c.B);
    }

    /// <summary>BGRA8888 (0xAARRGGBB) pixel for <paramref name="t"/>; NaN gives a fully transparent pixel.</summary>
    public uint MapArgb32(double t) => double.IsNaN(t) ? 0u : _argb[IndexOf(t)];

    // matplotlib: index = floor(t * N), with t == 1 mapped to the last entry.
    private static int IndexOf(double t) => t <= 0 ? 0 : t >= 1 ? Size - 1 : Math.Min((int)(t * Size), Size - 1);
}
