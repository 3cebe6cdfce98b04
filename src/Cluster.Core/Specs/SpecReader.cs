using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Core.Specs;

/// <summary>
/// Reads typed fields of one mapping in a spec, collecting every problem (with field path and line) instead of
/// stopping at the first; <see cref="ThrowIfInvalid"/> raises them all together.
/// </summary>
public sealed class SpecReader
{
    private readonly SpecDocument _document;
    private readonly List<SpecError> _errors;
    private readonly HashSet<string> _read = [];

    public SpecReader(SpecDocument document, JsonObject? mapping, string path, List<SpecError>? errors = null)
    {
        _document = document;
        Mapping = mapping ?? [];
        Path = path;
        _errors = errors ?? [];
    }

    public JsonObject Mapping { get; }
    public string Path { get; }
    public IReadOnlyList<SpecError> Errors => _errors;

    public string FieldPath(string name) => Path.Length > 0 ? $"{Path}.{name}" : name;

    public void Error(string name, string message)
    {
        var field = FieldPath(name);
        _errors.Add(new SpecError(field, _document.LineOf(field), message));
    }

    public bool Has(string name) => Mapping[name] is not null;

    public string? String(string name, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        if (node is JsonValue scalar)
            return scalar.ToJsonString().Trim('"');
        Error(name, "must be a text value");
        return null;
    }

    public long? Integer(string name, long min = long.MinValue, long max = long.MaxValue, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is not JsonValue value || !value.TryGetValue<long>(out var number))
        {
            if (node is JsonValue d && d.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15)
                number = (long)real;
            else
            {
                Error(name, $"must be a whole number (got {Describe(node)})");
                return null;
            }
        }
        if (number < min || number > max)
        {
            Error(name, max == long.MaxValue ? $"must be at least {min} (got {number})" : $"must be between {min} and {max} (got {number})");
            return null;
        }
        return number;
    }

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue, bool required = false) =>
        (int?)Integer(name, min, max, required);

    public double? Double(string name, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
            return value.TryGetValue<double>(out var real) ? real : value.GetValue<long>();
        Error(name, $"must be a number (got {Describe(node)})");
        return null;
    }

    public bool? Bool(string name)
    {
        var node = Take(name, required: false);
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            return value.GetValue<bool>();
        Error(name, $"must be true or false (got {Describe(node)})");
        return null;
    }

    /// <summary>A list of text values; a single comma-separated text is accepted too (<c>png,npz</c>).</summary>
    public IReadOnlyList<string>? StringList(string name, bool required = false)
    {
        var node = Take(name, required);
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case JsonArray array:
                var list = new List<string>();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue item && item.GetValueKind() != JsonValueKind.Object)
                        list.Add(item.ToJsonString().Trim('"'));
                    else
                        Error($"{name}[{i}]", "must be a text value");
                }
                return list;
            default:
                Error(name, "must be a list");
                return null;
        }
    }

    public SpecReader? Object(string name, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is JsonObject mapping) return new SpecReader(_document, mapping, FieldPath(name), _errors);
        Error(name, $"must be a mapping of names to values (got {Describe(node)})");
        return null;
    }

    /// <summary>A list of numbers; problems name the element (<c>events[2]: must be a number</c>).</summary>
    public IReadOnlyList<double>? DoubleList(string name, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is not JsonArray array)
        {
            Error(name, $"must be a list of numbers (got {Describe(node)})");
            return null;
        }
        var list = new List<double>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue item && item.GetValueKind() == JsonValueKind.Number)
                list.Add(item.TryGetValue<double>(out var real) ? real : item.GetValue<long>());
            else
                Error($"{name}[{i}]", $"must be a number (got {(array[i] is { } element ? Describe(element) : "null")})");
        }
        return list;
    }

    /// <summary>A list of mappings, one reader each (field paths <c>name[i].field</c>); problems go to this reader.</summary>
    public IReadOnlyList<SpecReader>? ObjectList(string name, bool required = false)
    {
        var node = Take(name, required);
        if (node is null) return null;
        if (node is not JsonArray array)
        {
            Error(name, $"must be a list of mappings (got {Describe(node)})");
            return null;
        }
        var readers = new List<SpecReader>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject mapping)
                readers.Add(new SpecReader(_document, mapping, FieldPath($"{name}[{i}]"), _errors));
            else
                Error($"{name}[{i}]", $"must be a mapping of names to values (got {(array[i] is { } element ? Describe(element) : "null")})");
        }
        return readers;
    }

    /// <summary>The mapping <paramref name="name"/>, or an empty one when the field is absent (problems still go to this reader).</summary>
    public SpecReader ObjectOrEmpty(string name) => Object(name) ?? new SpecReader(_document, null, FieldPath(name), _errors);

    /// <summary>Parses a value type with a parser that throws <see cref="ArgumentException"/> (<c>name: ...</c>); null on error.</summary>
    public T? Parse<T>(Func<T> parse) where T : struct => Validate(() => new Box<T>(parse()))?.Value;

    private sealed record Box<T>(T Value);

    /// <summary>Runs a validation that throws <see cref="ArgumentException"/> whose message starts with <c>name:</c>.</summary>
    public T? Validate<T>(Func<T> build) where T : class
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            var colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            var name = colon > 0 && !e.Message[..colon].Contains(' ') ? e.Message[..colon] : "";
            if (name.Length > 0)
                Error(name, e.Message[(colon + 2)..]);
            else
                _errors.Add(new SpecError(Path, _document.LineOf(Path), e.Message));
            return null;
        }
    }

    /// <summary>Fields nobody read are typos more often than not: name them, with the known ones.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var (key, _) in Mapping)
        {
            if (!_read.Contains(key) && !known.Contains(key))
                Error(key, $"unknown field (known: {string.Join(", ", known.Concat(_read).Distinct().Order())})");
        }
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new JobSpecException(_errors.ToList());
    }

    private JsonNode? Take(string name, bool required)
    {
        _read.Add(name);
        var node = Mapping[name];
        if (node is null && required) Error(name, "is required");
        return node;
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => node.ToJsonString(),
    };
}
