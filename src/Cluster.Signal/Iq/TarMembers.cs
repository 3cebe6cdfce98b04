using System.Formats.Tar;

namespace Cluster.Signal;

/// <summary>A regular file inside a tar archive: its name and where its bytes lie in the archive.</summary>
internal sealed record TarMember(string Name, long DataOffset, long Length);

/// <summary>
/// Lists the members of a tar archive (.sigmf, .iq.tar) with their data offsets, so readers read members in place,
/// never extracted to disk. The headers are parsed by System.Formats.Tar (ustar, pax and GNU long names).
/// </summary>
internal static class TarMembers
{
    public static IReadOnlyList<TarMember> List(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        using (stream)
        {
            var members = new List<TarMember>();
            try
            {
                using var reader = new TarReader(stream, leaveOpen: true);
                while (reader.GetNextEntry(copyData: false) is { } entry)
                {
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                    // On a seekable archive the reader stops at the start of the entry's data; the next call skips it.
                    var offset = stream.Position;
                    if (offset + entry.Length > stream.Length)
                        throw new InvalidIqFileException(path, $"tar member '{entry.Name}' ({entry.Length} bytes from byte {offset}) runs past the end of the archive: truncated?");
                    members.Add(new TarMember(entry.Name, offset, entry.Length));
                }
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new InvalidIqFileException(path, $"not a readable tar archive: {e.Message}", e);
            }
            if (members.Count == 0)
                throw new InvalidIqFileException(path, "the tar archive holds no files");
            return members;
        }
    }

    /// <summary>Reads a small member whole (an XML or JSON description).</summary>
    public static byte[] ReadAll(string path, TarMember member, long maxBytes = 64L << 20)
    {
        if (member.Length > maxBytes)
            throw new InvalidIqFileException(path, $"tar member '{member.Name}' is {member.Length} bytes, too large for a description");
        var bytes = new byte[member.Length];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var done = 0;
        while (done < bytes.Length)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(done), member.DataOffset + done);
            if (read == 0) throw new InvalidIqFileException(path, $"archive ended inside tar member '{member.Name}'");
            done += read;
        }
        return bytes;
    }
}
