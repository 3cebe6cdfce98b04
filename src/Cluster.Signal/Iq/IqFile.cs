namespace Cluster.Signal;

/// <summary>Opens any supported IQ recording, choosing the reader by file name (and content where names are ambiguous).</summary>
public static class IqFile
{
    /// <summary>The formats and extensions <see cref="Open"/> reads, for messages and --help.</summary>
    public const string Supported =
        ".tiq, .sigmf-meta/.sigmf-data/.sigmf, .iq.tar, .wav, .tdms, .r3f, .iqt, .xdat/.xhdr, TCAP .dat (with its text header), .csv/.txt, raw .cfile/.cf32/.fc32/.complex/.cs16/.ci16/.sc16/.cs8/.ci8/.cu8/.C16/.C8/.bin/.raw/.iq (any other name with --raw-format)";

    /// <summary>
    /// Opens <paramref name="path"/>. <paramref name="options"/> supplies or overrides sample rate and centre, names the
    /// sample type of headerless files (then the extension does not matter), picks a channel.
    /// </summary>
    public static IqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var name = Path.GetFileName(path).ToLowerInvariant();
        var extension = Path.GetExtension(name);
        if (options.RawFormat is not null)
            return RawIqRecording.Open(path, options);
        switch (options.InputFormat?.ToLowerInvariant())
        {
            case null:
                break;
            case "tcap":
                return TcapRecording.Open(path, options);
            default:
                throw new ArgumentException($"input_format: unknown format '{options.InputFormat}' (tcap; other formats are known by their names)");
        }
        if (name.EndsWith(IqTarRecording.Extension, StringComparison.Ordinal))
            return IqTarRecording.Open(path, options);
        switch (extension)
        {
            case ".tiq":
                return TiqRecording.Open(path, options);
            case SigMfRecording.MetaExtension or SigMfRecording.DataExtension or SigMfRecording.ArchiveExtension:
                return SigMfRecording.Open(path, options);
            case WavIqRecording.Extension:
                return WavIqRecording.Open(path, options);
            case TdmsRecording.Extension:
                return TdmsRecording.Open(path, options);
            case R3fRecording.Extension:
                return R3fRecording.Open(path, options);
            case IqtRecording.Extension:
                return IqtRecording.Open(path, options);
            case XdatRecording.Extension or XdatRecording.HeaderExtension:
                return XdatRecording.Open(path, options);
            case ".dat" when TcapRecording.FindHeader(path) is not null:
                return TcapRecording.Open(path, options);
            case ".txt" when PortaPackSidecar.CaptureOf(path) is { } capture:
                return RawIqRecording.Open(capture, options);
            case ".csv" or ".txt":
                return CsvIqRecording.Open(path, options);
        }
        if (RawIqRecording.KnowsExtension(path))
            return RawIqRecording.Open(path, options);
        throw new InvalidIqFileException(path,
            $"unknown IQ file type '{extension}': a headerless capture needs --raw-format (raw_format in a job spec), e.g. cf32, ci16, ci8, cu8 (supported: {Supported})");
    }

    /// <summary>
    /// The file that names the recording <paramref name="path"/> belongs to, when <paramref name="path"/> is only a part
    /// of it (a <c>.sigmf-data</c> beside its <c>.sigmf-meta</c>, a PortaPack <c>.TXT</c> beside its capture); otherwise null.
    /// A directory of recordings then yields one item per recording.
    /// </summary>
    public static string? PrimaryOf(string path)
    {
        if (path.EndsWith(XdatRecording.HeaderExtension, StringComparison.OrdinalIgnoreCase))
        {
            var data = Path.ChangeExtension(path, XdatRecording.Extension);
            return File.Exists(data) ? data : null;
        }
        if (TcapHeaderOf(path) is { } tcapData) return tcapData;
        if (path.EndsWith(SigMfRecording.DataExtension, StringComparison.OrdinalIgnoreCase))
        {
            var meta = path[..^SigMfRecording.DataExtension.Length] + SigMfRecording.MetaExtension;
            return File.Exists(meta) ? meta : null;
        }
        return PortaPackSidecar.CaptureOf(path);
    }

    /// <summary>The TCAP .dat a text header belongs to.</summary>
    private static string? TcapHeaderOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".hdr" or ".txt" or ".header")) return null;
        var data = Path.ChangeExtension(path, ".dat");
        return File.Exists(data) && TcapRecording.FindHeader(data) == path ? data : null;
    }
}
