using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// One event's <c>data</c> object, kept compact: numbers as doubles, flat arrays of numbers as <c>double[]</c>
/// (a waveform is parsed once, straight into the array its readers use), anything else (text, booleans, null,
/// nested arrays, objects, integers too long for a double) as its raw UTF-8 JSON. No JSON document stays alive
/// per event; <see cref="ToJsonElement"/> rebuilds the object when a caller asks for it.
/// </summary>
internal sealed class BlueskyEventData
{
    private readonly string[] _keys;
    private readonly double[] _scalars;
    private readonly double[]?[] _arrays;
    private readonly byte[]?[] _raw;

    private BlueskyEventData(int count)
    {
        _keys = new string[count];
        _scalars = new double[count];
        _arrays = new double[]?[count];
        _raw = new byte[]?[count];
    }

    /// <summary>Values a streaming reader parsed: per key a number, a flat array of numbers, or raw JSON.</summary>
    public BlueskyEventData(IReadOnlyList<(string Key, double Scalar, double[]? Array, byte[]? Raw)> values) : this(values.Count)
    {
        for (var i = 0; i < values.Count; i++)
            (_keys[i], _scalars[i], _arrays[i], _raw[i]) = values[i];
    }

    public int Count => _keys.Length;

    /// <summary>Reads a <c>data</c> object; <paramref name="keyNames"/> (the descriptor's keys) lets events share key strings.</summary>
    public static BlueskyEventData From(JsonElement data, IReadOnlyDictionary<string, DataKey>? keyNames = null)
    {
        var count = 0;
        foreach (var _ in data.EnumerateObject()) count++;
        var values = new BlueskyEventData(count);
        var i = 0;
        foreach (var property in data.EnumerateObject())
        {
            values._keys[i] = keyNames is not null && keyNames.TryGetValue(property.Name, out var known) ? known.Name : property.Name;
            values.Set(i, property.Value);
            i++;
        }
        return values;
    }

    /// <summary>One event of an <c>event_page</c>: column <c>c</c> holds the values of every event, this one at <paramref name="index"/>.</summary>
    public static BlueskyEventData FromPage(IReadOnlyList<(string Name, JsonElement[] Values)> columns, int index)
    {
        var values = new BlueskyEventData(columns.Count);
        for (var c = 0; c < columns.Count; c++)
        {
            values._keys[c] = columns[c].Name;
            values.Set(c, columns[c].Values[index]);
        }
        return values;
    }

    private void Set(int i, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when ExactAsDouble(value):
                _scalars[i] = value.GetDouble();
                return;
            case JsonValueKind.Array when FlatNumbers(value) is { } numbers:
                _arrays[i] = numbers;
                return;
            default:
                _raw[i] = JsonMarshal.GetRawUtf8Value(value).ToArray();
                return;
        }
    }

    /// <summary>A flat array of numbers as doubles; null when it holds anything else (then it is kept raw).</summary>
    private static double[]? FlatNumbers(JsonElement array)
    {
        var numbers = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !ExactAsDouble(item)) return null;
            numbers[i++] = item.GetDouble();
        }
        return numbers;
    }

    /// <summary>Integers of more than 15 digits may not survive a double: those stay raw, so the event's JSON is never altered.</summary>
    private static bool ExactAsDouble(JsonElement number) => ExactAsDouble(JsonMarshal.GetRawUtf8Value(number));

    /// <summary>Whether the JSON number text <paramref name="text"/> is kept as a double (see <see cref="From"/>).</summary>
    public static bool ExactAsDouble(ReadOnlySpan<byte> text)
    {
        if (text.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0) return true;
        var digits = text.Length - (text[0] == (byte)'-' ? 1 : 0);
        return digits <= 15;
    }

    public bool Has(string key) => IndexOf(key) >= 0;

    /// <summary>The value of <paramref name="key"/> as a double (booleans 0/1, null or non-numeric text NaN); false when absent.</summary>
    public bool TryGetScalar(string key, out double value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            value = double.NaN;
            return false;
        }
        if (_arrays[i] is not null)
        {
            value = double.NaN;
            return true;
        }
        value = _raw[i] is { } raw ? JsonNumbers.ToDouble(Parse(raw)) : _scalars[i];
        return true;
    }

    /// <summary>
    /// The value of <paramref name="key"/> flattened row-major, or the JSON kind it holds when it is not an array.
    /// The returned array is this event's own: callers must not change it.
    /// </summary>
    public bool TryGetArray(string key, out double[]? values, out JsonValueKind kind)
    {
        values = null;
        kind = JsonValueKind.Undefined;
        var i = IndexOf(key);
        if (i < 0) return false;
        if (_arrays[i] is { } numbers)
        {
            values = numbers;
            kind = JsonValueKind.Array;
            return true;
        }
        if (_raw[i] is not { } raw)
        {
            kind = JsonValueKind.Number;
            return true;
        }
        var element = Parse(raw);
        kind = element.ValueKind;
        if (kind == JsonValueKind.Array) values = JsonNumbers.Flatten(element);
        return true;
    }

    /// <summary>The data object as JSON (numbers written as the shortest text that reads back as the same double).</summary>
    public JsonElement ToJsonElement()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < _keys.Length; i++)
            {
                writer.WritePropertyName(_keys[i]);
                if (_raw[i] is { } raw)
                    writer.WriteRawValue(raw, skipInputValidation: true);
                else if (_arrays[i] is { } numbers)
                {
                    writer.WriteStartArray();
                    foreach (var v in numbers) writer.WriteNumberValue(v);
                    writer.WriteEndArray();
                }
                else
                    writer.WriteNumberValue(_scalars[i]);
            }
            writer.WriteEndObject();
        }
        return Parse(buffer.WrittenMemory);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Length; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
