using System.Security.Cryptography;

namespace Cluster.Signal;

/// <summary>
/// A SigMF 1.x recording: <c>.sigmf-meta</c> JSON describing a headerless dataset (<c>.sigmf-data</c>, or the file
/// named by <c>core:dataset</c>), or both inside a <c>.sigmf</c> archive (a tar, read in place). Every core datatype,
/// several channels (one is read), several captures, <c>core:offset</c>, <c>core:header_bytes</c> and
/// <c>core:sha512</c> are honoured.
/// </summary>
public sealed class SigMfRecording : StoredIqRecording
{
    public const string MetaExtension = ".sigmf-meta";
    public const string DataExtension = ".sigmf-data";
    public const string ArchiveExtension = ".sigmf";

    private SigMfRecording(string path, SigMfMetadata meta, double rate, double centre, StoredSamples data, List<string> notes)
        : base(path, $"sigmf {meta.Datatype.Name}" + (meta.NumChannels > 1 ? $" channel {data.Layout.Channel} of {meta.NumChannels}" : ""),
            rate, centre, data, meta.Captures[0].DateTime ?? meta.GlobalDateTime, notes)
    {
        Datatype = meta.Datatype;
        Captures = meta.Captures;
        Channels = meta.NumChannels;
    }

    public SampleFormat Datatype { get; }
    public IReadOnlyList<SigMfCapture> Captures { get; }
    public int Channels { get; }

    /// <summary>Opens the pair named by either file, or a <c>.sigmf</c> archive.</summary>
    public static SigMfRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        if (path.EndsWith(ArchiveExtension, StringComparison.OrdinalIgnoreCase))
            return OpenArchive(path, options);
        var stem = path.EndsWith(MetaExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(DataExtension, StringComparison.OrdinalIgnoreCase)
            ? path[..^MetaExtension.Length]
            : throw new InvalidIqFileException(path, $"a SigMF recording is named by its {MetaExtension} or {DataExtension} file, or is a {ArchiveExtension} archive");
        var metaPath = stem + MetaExtension;
        if (!File.Exists(metaPath))
            throw new InvalidIqFileException(metaPath, $"SigMF metadata file not found (needed for {stem + DataExtension})");
        var meta = SigMfMetadata.Parse(metaPath, File.ReadAllBytes(metaPath));
        var dataPath = stem + DataExtension;
        if (meta.Dataset is { } dataset)
        {
            // A non-conforming dataset is named relative to the metadata and may not leave its folder.
            if (dataset.Length == 0 || System.IO.Path.GetFileName(dataset) != dataset || dataset is "." or "..")
                throw new InvalidIqFileException(metaPath, $"SigMF global.core:dataset must be a file name beside the metadata (got '{dataset}')");
            dataPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(metaPath) ?? "", dataset);
        }
        if (!File.Exists(dataPath))
            throw new InvalidIqFileException(dataPath, $"SigMF dataset file not found (named by {System.IO.Path.GetFileName(metaPath)})");
        return Build(metaPath, meta, dataPath, 0, new FileInfo(dataPath).Length, options);
    }

    private static SigMfRecording OpenArchive(string path, IqOpenOptions options)
    {
        var members = TarMembers.List(path);
        var metas = members.Where(m => m.Name.EndsWith(MetaExtension, StringComparison.Ordinal)).ToList();
        if (metas.Count == 0)
            throw new InvalidIqFileException(path, $"the SigMF archive holds no {MetaExtension} member");
        var metaMember = metas[0];
        var dataName = metaMember.Name[..^MetaExtension.Length] + DataExtension;
        var dataMember = members.FirstOrDefault(m => m.Name == dataName)
            ?? throw new InvalidIqFileException(path, $"the SigMF archive holds {metaMember.Name} but no {dataName}");
        var meta = SigMfMetadata.Parse($"{path}:{metaMember.Name}", TarMembers.ReadAll(path, metaMember));
        var recording = Build(path, meta, path, dataMember.DataOffset, dataMember.Length, options,
            metas.Count > 1 ? $"the archive holds {metas.Count} recordings; read the first, {metaMember.Name}" : null);
        return recording;
    }

    private static SigMfRecording Build(string path, SigMfMetadata meta, string dataPath, long dataOffset, long dataLength,
        IqOpenOptions options, string? firstNote = null)
    {
        var notes = new List<string>();
        if (firstNote is not null) notes.Add(firstNote);
        var rate = RecordingFacts.SampleRate(path, options, meta.SampleRate, "global.core:sample_rate", notes);
        double? recordedCentre = meta.Captures[0].Frequency;
        var where = "captures[0].core:frequency";
        if (recordedCentre is null && meta.GlobalFrequency is { } global)
        {
            recordedCentre = global;
            where = "global.core:frequency";
            notes.Add("core:frequency is in global, where SigMF 1.x does not define it (it belongs to each capture): used as the centre");
        }
        var centre = RecordingFacts.CenterFrequency(options, recordedCentre, where, notes);
        if (meta.Captures.Count > 1)
            notes.Add($"{meta.Captures.Count} captures: " + string.Join(", ", meta.Captures.Select(c =>
                $"from sample {c.SampleStart - meta.Offset}" + (c.Frequency is { } f ? $" at {RecordingFacts.Hz(f)}" : ""))) +
                (meta.Captures.Any(c => c.Frequency is { } f && f != meta.Captures[0].Frequency)
                    ? "; the captures differ in frequency: the frequency axis is the first capture's"
                    : ""));
        if (meta.NumChannels > 1)
            notes.Add($"channel {options.Channel} of {meta.NumChannels} (channel parameter)");
        if (meta.Sha512 is { } expected)
            CheckSha512(path, dataPath, dataOffset, dataLength, expected, options.VerifySha512, notes);

        var layout = SampleLayout.Of(meta.Datatype, meta.NumChannels, options.Channel);
        var data = StoredSamples.OpenRuns(dataPath, layout, Runs(path, meta, layout, dataOffset, dataLength));
        try
        {
            return new SigMfRecording(path, meta, rate, centre, data, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Where each capture's frames lie. Without header bytes the dataset is one run; with them (non-conforming datasets)
    /// each capture's frames follow its header.
    /// </summary>
    private static List<SampleRun> Runs(string path, SigMfMetadata meta, SampleLayout layout, long dataOffset, long dataLength)
    {
        var frame = layout.FrameBytes;
        if (meta.Captures.All(c => c.HeaderBytes == 0))
        {
            if (dataLength % frame != 0)
                throw new InvalidIqFileException(path,
                    $"dataset length {dataLength} bytes is not a whole number of {meta.Datatype.Name} samples x {meta.NumChannels} channel(s) ({frame} bytes each): truncated?");
            return [new SampleRun(dataOffset, dataLength / frame)];
        }
        var runs = new List<SampleRun>();
        long headers = 0;
        for (var i = 0; i < meta.Captures.Count; i++)
        {
            headers += meta.Captures[i].HeaderBytes;
            var position = dataOffset + headers + (meta.Captures[i].SampleStart - meta.Offset) * frame;
            long samples;
            if (i + 1 < meta.Captures.Count)
            {
                samples = meta.Captures[i + 1].SampleStart - meta.Captures[i].SampleStart;
            }
            else
            {
                var rest = dataOffset + dataLength - position;
                if (rest < 0 || rest % frame != 0)
                    throw new InvalidIqFileException(path,
                        $"captures[{i}] leaves {rest} bytes after its header, not a whole number of {frame}-byte samples: core:header_bytes or core:sample_start is wrong, or the dataset is truncated");
                samples = rest / frame;
            }
            runs.Add(new SampleRun(position, samples));
        }
        return runs;
    }

    private static void CheckSha512(string path, string dataPath, long offset, long length, string expected, bool verify, List<string> notes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        using (var handle = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var buffer = new byte[1 << 20];
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done)), offset + done);
                if (read == 0) throw new InvalidIqFileException(dataPath, $"dataset ended at byte {offset + done} while checking core:sha512");
                hash.AppendData(buffer, 0, read);
                done += read;
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual.Equals(expected.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            notes.Add("core:sha512 matches the dataset");
            return;
        }
        var problem = $"global.core:sha512 does not match the dataset (recorded {Shorten(expected)}, computed {Shorten(actual)}): the data changed or is corrupt";
        if (verify)
            throw new InvalidIqFileException(path, problem + "; read it anyway with verify_sha512: false (--no-verify-sha512)");
        notes.Add("warning: " + problem + " (read anyway: verify_sha512 is false)");
    }

    private static string Shorten(string hex) => hex.Length > 16 ? hex[..16] + "..." : hex;
}
