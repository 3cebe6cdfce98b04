using System.Globalization;

namespace Cluster.Signal;

/// <summary>A text header of <c>key=value</c> or <c>key value</c> lines (IQT, TCAP) with typed, error-naming lookups.</summary>
internal sealed class KeyValueHeader(string path, string where, IReadOnlyDictionary<string, string> values)
{
    public static KeyValueHeader Parse(string path, string where, IEnumerable<string> lines, char? separator)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var cut = separator is { } s ? line.IndexOf(s) : line.IndexOfAny([' ', '\t']);
            if (cut <= 0) continue;
            values[line[..cut].Trim()] = line[(cut + 1)..].Trim();
        }
        return new KeyValueHeader(path, where, values);
    }

    public string? Text(string key) => values.GetValueOrDefault(key);

    /// <summary>A number; <paramref name="siSuffixes"/> reads 10k, 2.5M, 3m, 1u as iqtools does for IQT headers.</summary>
    public double Number(string key, bool siSuffixes = false)
    {
        var text = Text(key) ?? throw new InvalidIqFileException(path, $"{where}: {key} is missing");
        var number = text;
        var factor = 1.0;
        if (siSuffixes && number.Length > 1 && "kMmu".Contains(number[^1]))
        {
            factor = number[^1] switch { 'k' => 1e3, 'M' => 1e6, 'm' => 1e-3, _ => 1e-6 };
            number = number[..^1];
        }
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value * factor
            : throw new InvalidIqFileException(path, $"{where}: {key} is not a number: '{text}'");
    }

    public long Integer(string key, long min = 0)
    {
        var value = Number(key);
        return value == Math.Floor(value) && value >= min && value < long.MaxValue
            ? (long)value
            : throw new InvalidIqFileException(path, $"{where}: {key} must be a whole number of at least {min} (got {Text(key)})");
    }
}
