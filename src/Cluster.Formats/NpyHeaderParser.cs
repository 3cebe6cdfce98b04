using System.Globalization;

namespace Cluster.Formats;

/// <summary>
/// Parses the header dict, a Python literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (100, 1024), }</c>.
/// Only the literal forms numpy writes are accepted (strings, True/False, integers, tuples and lists); numpy
/// itself uses ast.literal_eval, never eval, and neither do we.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly ReadOnlySpan<char> _text;
    private readonly string _sourceName;
    private int _position;

    private NpyHeaderParser(ReadOnlySpan<char> text, string sourceName)
    {
        _text = text;
        _sourceName = sourceName;
    }

    public static NpyHeader Parse(string text, string sourceName)
    {
        var parser = new NpyHeaderParser(text, sourceName);
        var dict = parser.ParseDict();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
            throw parser.Error("unexpected text after the closing '}'");
        return parser.Interpret(dict, text);
    }

    private NpyHeader Interpret(Dictionary<string, object> dict, string text)
    {
        string[] expectedKeys = ["descr", "fortran_order", "shape"];
        if (dict.Count != expectedKeys.Length || !expectedKeys.All(dict.ContainsKey))
            throw new InvalidNpyException(_sourceName,
                $"header must have exactly the keys descr, fortran_order and shape, has {string.Join(", ", dict.Keys)}: {text.Trim()}");

        if (dict["fortran_order"] is not bool fortranOrder)
            throw new InvalidNpyException(_sourceName, $"fortran_order must be True or False: {text.Trim()}");
        if (fortranOrder)
            throw new InvalidNpyException(_sourceName,
                "fortran_order is True (column-major data); only C order is supported: save with np.ascontiguousarray(a)");

        if (dict["shape"] is not List<object> dimensions || dimensions is PythonList || !dimensions.All(d => d is long))
            throw new InvalidNpyException(_sourceName, $"shape must be a tuple of integers: {text.Trim()}");
        var shape = dimensions.Cast<long>().ToArray();
        if (NpyShape.ElementCount(shape) is null)
            throw new InvalidNpyException(_sourceName, $"shape {NpyShape.Format(shape)} has a negative dimension or too many elements");

        var (dtype, bigEndian) = ParseDescr(dict["descr"]);
        return new NpyHeader(dtype, bigEndian, fortranOrder, shape);
    }

    private (NpyDtypeInfo Dtype, bool BigEndian) ParseDescr(object descr)
    {
        if (descr is not string text)
            throw new InvalidNpyException(_sourceName,
                "structured (record) dtypes are not supported; descr must be a simple type such as '<f8'");

        var order = '=';
        var body = text;
        if (text.Length > 0 && "<>|=".Contains(text[0]))
            (order, body) = (text[0], text[1..]);
        if (body.Length >= 2
            && int.TryParse(body.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var itemSize)
            && NpyDtypeInfo.ForKindAndSize(body[0], itemSize) is { } dtype)
        {
            // '=' (native) and '|' (not applicable) mean the writer's machine order; every numpy platform
            // that writes them for multi-byte types is little-endian in practice.
            return (dtype, order == '>' && dtype.ItemSize > 1);
        }
        throw new InvalidNpyException(_sourceName,
            $"unsupported dtype '{text}': supported are bool, int8-64, uint8-64, float32/64 and complex64/128 (e.g. '<f8', '>i4', '|b1')");
    }

    /// <summary>A Python list, told apart from a tuple because a list is never a valid shape.</summary>
    private sealed class PythonList : List<object>;

    private Dictionary<string, object> ParseDict()
    {
        SkipWhitespace();
        Expect('{');
        var dict = new Dictionary<string, object>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}')) return dict;
            var key = ParseString();
            SkipWhitespace();
            Expect(':');
            var value = ParseValue();
            if (!dict.TryAdd(key, value)) throw Error($"key '{key}' appears twice");
            SkipWhitespace();
            if (TryConsume('}')) return dict;
            Expect(',');
        }
    }

    private object ParseValue()
    {
        SkipWhitespace();
        var c = Peek();
        if (c is '\'' or '"') return ParseString();
        if (c is '(') return ParseSequence(new List<object>(), ')');
        if (c is '[') return ParseSequence(new PythonList(), ']');
        if (c is '-' || char.IsAsciiDigit(c)) return ParseInteger();
        if (TryConsumeWord("True")) return true;
        if (TryConsumeWord("False")) return false;
        throw Error($"unexpected '{c}' where a value was expected");
    }

    private List<object> ParseSequence(List<object> items, char close)
    {
        _position++;
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close)) return items;
            items.Add(ParseValue());
            SkipWhitespace();
            if (TryConsume(close)) return items;
            Expect(',');
        }
    }

    private long ParseInteger()
    {
        var start = _position;
        if (Peek() == '-') _position++;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position])) _position++;
        var digits = _text[start.._position];
        // Python 2 wrote long integers with an L suffix, e.g. (3L, 4L).
        if (_position < _text.Length && _text[_position] == 'L') _position++;
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"'{digits}' is not a 64-bit integer");
    }

    private string ParseString()
    {
        var quote = Peek();
        if (quote is not ('\'' or '"')) throw Error($"expected a quoted string, found '{quote}'");
        var end = _text[(_position + 1)..].IndexOf(quote);
        if (end < 0) throw Error("unterminated string");
        var value = _text.Slice(_position + 1, end).ToString();
        _position += end + 2;
        return value;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : throw Error("header ends early");

    private bool TryConsume(char c)
    {
        if (_position >= _text.Length || _text[_position] != c) return false;
        _position++;
        return true;
    }

    private bool TryConsumeWord(string word)
    {
        if (!_text[_position..].StartsWith(word)) return false;
        _position += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
            throw Error(_position < _text.Length ? $"expected '{c}', found '{_text[_position]}'" : $"expected '{c}' but the header ends");
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position])) _position++;
    }

    private InvalidNpyException Error(string problem) =>
        new(_sourceName, $"malformed header at character {_position}: {problem}: {_text.ToString().Trim()}");
}
