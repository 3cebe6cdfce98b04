using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// The fast path for the bulk of a JSON Lines file: one <c>["event", {...}]</c> line read with a
/// <see cref="Utf8JsonReader"/>, its data values parsed straight into doubles and arrays (no JSON document, no
/// per-event copy of the text). Anything unusual (a missing field, an unfilled value, malformed JSON) returns false and
/// the line goes through the general path, which reports the problem with the same words as for every other source.
/// </summary>
internal sealed class BlueskyEventLine
{
    private static ReadOnlySpan<byte> Prefix => "[\"event\","u8;

    private readonly List<(string Key, double Scalar, double[]? Array, byte[]? Raw)> _values = [];
    private readonly List<double> _numbers = new(1024);
    private readonly List<(byte[] Utf8, string Text)> _keyNames = [];

    public static bool IsEvent(ReadOnlySpan<byte> line) => line.StartsWith(Prefix);

    public bool TryAdd(ReadOnlySpan<byte> line, BlueskyRunAssembler assembler, string place)
    {
        try
        {
            return TryRead(line, assembler, place);
        }
        catch (JsonException)
        {
            return false; // the general path parses the line again and reports where it is broken
        }
    }

    private bool TryRead(ReadOnlySpan<byte> line, BlueskyRunAssembler assembler, string place)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("event"u8)) return false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        string? uid = null, descriptor = null;
        long? seqNum = null;
        var time = double.NaN;
        var hasData = false;
        _values.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("uid"u8)) uid = ReadString(ref reader);
            else if (reader.ValueTextEquals("descriptor"u8)) descriptor = ReadString(ref reader);
            else if (reader.ValueTextEquals("seq_num"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seq)) return false;
                seqNum = seq;
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number) return false;
                time = reader.GetDouble();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadData(ref reader, line)) return false;
                hasData = true;
            }
            else if (reader.ValueTextEquals("filled"u8))
            {
                if (!AllFilled(ref reader)) return false;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || !reader.Read() || reader.TokenType != JsonTokenType.EndArray || reader.Read()) return false;
        if (uid is not { Length: > 0 } || descriptor is not { Length: > 0 } || !hasData) return false;
        assembler.AddParsedEvent(uid, descriptor, seqNum, time, new BlueskyEventData(_values), place);
        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private bool ReadData(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = KeyName(ref reader);
            if (!reader.Read()) return false;
            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when !reader.ValueIsEscaped && BlueskyEventData.ExactAsDouble(reader.ValueSpan):
                    _values.Add((key, reader.GetDouble(), null, null));
                    break;
                case JsonTokenType.StartArray:
                    var numbers = FlatNumbers(ref reader);
                    _values.Add(numbers is null
                        ? (key, 0, null, line[start..(int)reader.BytesConsumed].ToArray())
                        : (key, 0, numbers, null));
                    break;
                default:
                    reader.Skip();
                    _values.Add((key, 0, null, line[start..(int)reader.BytesConsumed].ToArray()));
                    break;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>Reads to the end of the array; its numbers when it is a flat array of numbers kept as doubles, else null.</summary>
    private double[]? FlatNumbers(ref Utf8JsonReader reader)
    {
        _numbers.Clear();
        var flat = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number && BlueskyEventData.ExactAsDouble(reader.ValueSpan))
                _numbers.Add(reader.GetDouble());
            else
            {
                flat = false;
                reader.Skip();
            }
        }
        return flat ? _numbers.ToArray() : null;
    }

    /// <summary>False when any value is marked not filled (external data): the general path reports it.</summary>
    private static bool AllFilled(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
            if (reader.TokenType == JsonTokenType.False) return false;
        return true;
    }

    /// <summary>Data keys repeat on every event: one string per distinct key name.</summary>
    private string KeyName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            foreach (var (utf8, text) in _keyNames)
                if (reader.ValueSpan.SequenceEqual(utf8)) return text;
        var name = reader.GetString()!;
        if (!reader.ValueIsEscaped && _keyNames.Count < 256) _keyNames.Add((reader.ValueSpan.ToArray(), name));
        return name;
    }
}
