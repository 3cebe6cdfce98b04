namespace Cluster.Signal;

/// <summary>
/// Headerless interleaved samples. The sample type comes from <see cref="IqOpenOptions.RawFormat"/> or else the
/// extension; the rate and centre from the options, else rtl_433's file-name convention, else a HackRF PortaPack
/// <c>.TXT</c> sidecar (<c>sample_rate=</c>, <c>center_frequency=</c>).
/// </summary>
public static class RawIqRecording
{
    /// <summary>True when <paramref name="path"/> is opened as a headerless capture without --raw-format.</summary>
    public static bool KnowsExtension(string path) => RawCaptureNames.Extensions.ContainsKey(Path.GetExtension(path).ToLowerInvariant());

    public static StoredIqRecording Open(string path, IqOpenOptions options)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var format = options.RawFormat
            ?? (RawCaptureNames.Extensions.TryGetValue(extension, out var byName) ? byName : null)
            ?? throw new InvalidIqFileException(path,
                $"unknown IQ file type '{extension}': name the sample type with --raw-format (raw_format in a job spec), e.g. cf32, ci16, ci8, cu8");

        var notes = new List<string>();
        double? rate = null, centre = null;
        var where = "headerless file";
        if (RawCaptureNames.Rtl433(path) is { } named)
        {
            (centre, rate, where) = (named.Center, named.Rate, "rtl_433 file name");
        }
        else if (PortaPackSidecar.Find(path) is { } sidecar)
        {
            var facts = PortaPackSidecar.Read(sidecar);
            (centre, rate, where) = (facts.CenterFrequency, facts.SampleRate, Path.GetFileName(sidecar));
        }
        var sampleRate = RecordingFacts.SampleRate(path, options, rate, where, notes);
        var centerFrequency = RecordingFacts.CenterFrequency(options, centre, where, notes);
        var data = StoredSamples.Open(path, SampleLayout.Of(format), 0);
        return StoredIqRecording.Create(path, $"raw {format.Name}", sampleRate, centerFrequency, data, notes: notes);
    }
}
