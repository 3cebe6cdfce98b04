using Cluster.Plotting;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>Parameters of the <c>iq-spectrogram</c> kind; names follow the job spec (snake_case there).</summary>
public sealed record IqSpectrogramParameters
{
    /// <summary>Frames, averaging, window and mode of the transform.</summary>
    public StftParameters Stft { get; init; } = new();

    /// <summary>Absolute frequency (Hz) the zoomed figure is centred on; null: the recording's centre.</summary>
    public double? ZoomCenter { get; init; }

    /// <summary>Width (Hz) of the zoomed figure; null: no zoomed figure.</summary>
    public double? ZoomSpan { get; init; }

    public IReadOnlySet<OutputFormat> Formats { get; init; } = new HashSet<OutputFormat> { OutputFormat.Png, OutputFormat.Npz };

    public string Colormap { get; init; } = "viridis";

    /// <summary>Null: dB colour for compat (linear power), linear for psd (already dBm/Hz).</summary>
    public ColorScale? ColorScale { get; init; }

    public double? VMin { get; init; }
    public double? VMax { get; init; }

    /// <summary>
    /// Sample rate and centre that supply or override the file's, the sample type of headerless files, the channel,
    /// and whether a SigMF checksum mismatch is an error.
    /// </summary>
    public IqOpenOptions Input { get; init; } = IqOpenOptions.None;

    /// <summary>Throws <see cref="ArgumentException"/> whose message starts with the parameter's spec name.</summary>
    public void Validate()
    {
        Stft.Validate();
        if (ZoomSpan is { } span && !(span > 0 && double.IsFinite(span)))
            throw new ArgumentException($"zoom_span: must be a positive frequency in Hz (got {span})");
        if (ZoomCenter is { } centre && !double.IsFinite(centre))
            throw new ArgumentException($"zoom_center: must be a finite frequency in Hz (got {centre})");
        if (ZoomCenter is not null && ZoomSpan is null)
            throw new ArgumentException("zoom_span: required when zoom_center is given");
        if (Formats.Count == 0)
            throw new ArgumentException("format: at least one of png, svg, pdf, npz");
        _ = Plotting.Colormap.Get(Colormap);
        if (Input.SampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentException($"sample_rate: must be a positive frequency in Hz (got {rate})");
        if (Input.CenterFrequency is { } centreFrequency && !double.IsFinite(centreFrequency))
            throw new ArgumentException($"center_frequency: must be a finite frequency in Hz (got {centreFrequency})");
        if (Input.InputFormat is { } inputFormat && !inputFormat.Equals("tcap", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"input_format: unknown format '{inputFormat}' (tcap; other formats are known by their names)");
        if (Input.Channel < 0)
            throw new ArgumentException($"channel: must be 0 or more (got {Input.Channel})");
        if (VMin is { } lo && VMax is { } hi && !(lo < hi))
            throw new ArgumentException($"vmin: must be below vmax ({lo} >= {hi})");
    }
}
