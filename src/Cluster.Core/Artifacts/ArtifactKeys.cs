using System.Text;

namespace Cluster.Core.Artifacts;

/// <summary>
/// Artifact keys: <c>runs/&lt;run&gt;/&lt;item&gt;/&lt;name&gt;</c>. Item keys may hold '/', spaces or '..'; they are
/// escaped into one safe segment (percent-encoding of everything but letters, digits, '-', '_' and inner '.'),
/// reversibly, so two items can never share a folder and no key can climb out of its run.
/// </summary>
public static class ArtifactKeys
{
    public static string ForItem(string run, string itemKey, string name) => $"runs/{run}/{Segment(itemKey)}/{Segment(name)}";

    public static string ForRun(string run, string name) => $"runs/{run}/{Segment(name)}";

    /// <summary>Refuses keys no store should accept: absolute, backslashes, NUL, or empty, '.' or '..' segments.</summary>
    /// <exception cref="ArgumentException">The message names the key and what is wrong with it.</exception>
    public static void CheckStoreKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.Contains('\\') || key.Contains('\0')
            || key.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"artifact key '{key.Replace("\0", "\\0")}' must be a relative path without NUL, '\\', '.', '..' or empty segments");
    }

    public static string Segment(string value)
    {
        var builder = new StringBuilder(value.Length);
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var safe = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' || (b == (byte)'.' && i > 0);
            if (safe) builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.Length > 0 ? builder.ToString() : "%";
    }

    public static string Unsegment(string segment)
    {
        if (segment == "%") return "";
        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%')
            {
                bytes.Add(Convert.ToByte(segment.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)segment[i]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
