namespace Cluster.Signal;

/// <summary>Opens any supported IQ recording, choosing the reader by file extension.</summary>
public static class IqFile
{
    /// <summary>Extensions of headerless files; the generic ones take their sample type from RawIqOptions.Format.</summary>
    public static IReadOnlyList<string> RawExtensions { get; } = [".bin", ".raw", ".iq", ".cf32", ".ci16"];

    /// <summary>
    /// Opens <paramref name="path"/>. Headerless files need <paramref name="raw"/> for rate and centre.
    /// .cf32 and .ci16 name their sample type (it wins over raw.Format, which defaults to Cf32 in callers that
    /// only ask for rate and centre); .bin, .raw and .iq use raw.Format.
    /// </summary>
    public static IqRecording Open(string path, RawIqOptions? raw = null)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".tiq":
                return TiqRecording.Open(path);
            case SigMfRecording.MetaExtension or SigMfRecording.DataExtension:
                return SigMfRecording.Open(path);
        }
        if (!RawExtensions.Contains(extension))
            throw new InvalidIqFileException(path,
                $"unknown IQ file type '{extension}' (supported: .tiq, {SigMfRecording.MetaExtension}, {SigMfRecording.DataExtension}, {string.Join(", ", RawExtensions)})");
        if (raw is null)
            throw new InvalidIqFileException(path, $"a headerless {extension} file needs --sample-rate and --center-frequency");
        var format = extension switch
        {
            ".cf32" => RawSampleFormat.Cf32,
            ".ci16" => RawSampleFormat.Ci16,
            _ => raw.Format,
        };
        return RawIqRecording.Open(path, raw with { Format = format });
    }
}
