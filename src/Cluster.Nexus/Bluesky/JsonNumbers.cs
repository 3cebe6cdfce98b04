using System.Globalization;
using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>Numbers as bluesky documents carry them: JSON numbers, booleans, null, and the odd number in a string.</summary>
internal static class JsonNumbers
{
    public static double ToDouble(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => double.NaN,
    };

    /// <summary>A (possibly nested) JSON array flattened row-major.</summary>
    public static double[] Flatten(JsonElement array)
    {
        var values = new List<double>(array.GetArrayLength());
        Add(array, values);
        return values.ToArray();

        static void Add(JsonElement e, List<double> into)
        {
            if (e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray()) Add(item, into);
            else
                into.Add(ToDouble(e));
        }
    }

    public static string? OptionalString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
