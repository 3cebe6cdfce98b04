namespace Cluster.Signal;

/// <summary>
/// What the user adds to a recording: facts a file lacks or that override it (sample rate, centre frequency), the
/// sample type of headerless files, the channel of a multi-channel recording, and whether a SigMF checksum is checked.
/// </summary>
public sealed record IqOpenOptions
{
    public static readonly IqOpenOptions None = new();

    /// <summary>Hz; supplies or overrides the file's sample rate (said in the recording's notes).</summary>
    public double? SampleRate { get; init; }

    /// <summary>Hz; supplies or overrides the file's centre frequency (said in the recording's notes).</summary>
    public double? CenterFrequency { get; init; }

    /// <summary>Sample type of a headerless file; with it, the file's extension does not matter.</summary>
    public SampleFormat? RawFormat { get; init; }

    /// <summary>Channel of a multi-channel recording, from 0.</summary>
    public int Channel { get; init; }

    /// <summary>False: a SigMF core:sha512 that does not match the data is a warning instead of an error.</summary>
    public bool VerifySha512 { get; init; } = true;

    /// <summary>
    /// Scale samples as iqtools does where it differs from the calibrated reading (WAV: raw integer values, not full
    /// scale); the iq-spectrogram kind sets it in compat mode.
    /// </summary>
    public bool IqtoolsScaling { get; init; }

    /// <summary>Names a format whose extension is ambiguous (<c>tcap</c>); null: by extension and content.</summary>
    public string? InputFormat { get; init; }
}
