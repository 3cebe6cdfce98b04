namespace Cluster.Signal;

/// <summary>How one I or Q component is stored on disk (always little-endian, I then Q).</summary>
internal enum SampleEncoding
{
    Float32,
    Int16,
    Int32,
}

internal static class SampleEncodingExtensions
{
    /// <summary>Bytes of one complex sample (I and Q).</summary>
    public static int BytesPerSample(this SampleEncoding encoding) => encoding switch
    {
        SampleEncoding.Float32 => 8,
        SampleEncoding.Int16 => 4,
        SampleEncoding.Int32 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    public static string Describe(this SampleEncoding encoding) => encoding switch
    {
        SampleEncoding.Float32 => "float32",
        SampleEncoding.Int16 => "int16",
        SampleEncoding.Int32 => "int32",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };
}
