using System.Globalization;
using System.Text;

namespace Cluster.Signal;

/// <summary>A regular file inside a tar archive: its name and where its bytes lie in the archive.</summary>
internal sealed record TarMember(string Name, long DataOffset, long Length);

/// <summary>
/// Lists the members of a tar archive (.sigmf, .iq.tar) with their data offsets, so readers read members in place,
/// never extracted to disk. Written from the POSIX ustar/pax description (512-byte headers: name at 0, size in octal
/// or base-256 at 124, checksum at 148, type at 156, "ustar" at 257, name prefix at 345; pax 'x' records and GNU 'L'
/// long names override the next header's name and size). System.Formats.Tar does not expose where an entry's data lies.
/// </summary>
internal static class TarMembers
{
    private const int Block = 512;

    public static IReadOnlyList<TarMember> List(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        using (stream)
        {
            var members = new List<TarMember>();
            var header = new byte[Block];
            long position = 0;
            string? nextName = null;
            long? nextSize = null;
            while (position + Block <= stream.Length)
            {
                stream.Position = position;
                stream.ReadExactly(header);
                if (header.All(b => b == 0)) break;
                CheckChecksum(path, header, position);
                var size = nextSize ?? Size(path, header, position);
                var name = nextName ?? Name(header);
                (nextName, nextSize) = (null, null);
                var data = position + Block;
                if (data + size > stream.Length)
                    throw new InvalidIqFileException(path, $"tar member '{name}' ({size} bytes from byte {data}) runs past the end of the archive: truncated?");
                switch ((char)header[156])
                {
                    case '0' or '\0' or '7':
                        members.Add(new TarMember(name, data, size));
                        break;
                    case 'x':
                        (nextName, nextSize) = Pax(path, ReadBytes(stream, data, size), data);
                        break;
                    case 'L':
                        nextName = Encoding.UTF8.GetString(ReadBytes(stream, data, size)).TrimEnd('\0');
                        break;
                }
                position = data + (size + Block - 1) / Block * Block;
            }
            if (members.Count == 0)
                throw new InvalidIqFileException(path, "not a tar archive, or one that holds no files");
            return members;
        }
    }

    private static void CheckChecksum(string path, byte[] header, long position)
    {
        var recorded = Octal(header.AsSpan(148, 8));
        long sum = 0;
        for (var i = 0; i < Block; i++) sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        if (recorded != sum)
            throw new InvalidIqFileException(path, $"tar header at byte {position}: checksum {recorded?.ToString(CultureInfo.InvariantCulture) ?? "unreadable"} does not match {sum}: not a tar archive, or corrupt");
    }

    private static long Size(string path, byte[] header, long position)
    {
        var field = header.AsSpan(124, 12);
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7F;
            for (var i = 1; i < field.Length; i++) value = (value << 8) | field[i];
            return value;
        }
        return Octal(field) is { } size && size >= 0
            ? size
            : throw new InvalidIqFileException(path, $"tar header at byte {position}: size field is not an octal number");
    }

    private static long? Octal(ReadOnlySpan<byte> field)
    {
        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        if (text.Length == 0) return 0;
        long value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '7') return null;
            value = value * 8 + (c - '0');
        }
        return value;
    }

    private static string Name(byte[] header)
    {
        static string Field(ReadOnlySpan<byte> bytes)
        {
            var end = bytes.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
        }
        var name = Field(header.AsSpan(0, 100));
        var ustar = Encoding.ASCII.GetString(header, 257, 5) == "ustar";
        var prefix = ustar ? Field(header.AsSpan(345, 155)) : "";
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    /// <summary>pax extended header records "LENGTH key=value\n": path and size apply to the next member.</summary>
    private static (string? Name, long? Size) Pax(string path, byte[] records, long offset)
    {
        string? name = null;
        long? size = null;
        var text = Encoding.UTF8.GetString(records);
        foreach (var record in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = record.IndexOf(' ');
            var equals = record.IndexOf('=');
            if (space < 0 || equals < space)
                throw new InvalidIqFileException(path, $"pax header at byte {offset}: malformed record '{record}'");
            var key = record[(space + 1)..equals];
            var value = record[(equals + 1)..];
            if (key == "path") name = value;
            else if (key == "size" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) size = s;
        }
        return (name, size);
    }

    private static byte[] ReadBytes(Stream stream, long offset, long length)
    {
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Reads a small member whole (an XML or JSON description).</summary>
    public static byte[] ReadAll(string path, TarMember member, long maxBytes = 64L << 20)
    {
        if (member.Length > maxBytes)
            throw new InvalidIqFileException(path, $"tar member '{member.Name}' is {member.Length} bytes, too large for a description");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return ReadBytes(stream, member.DataOffset, member.Length);
    }
}
