namespace Cluster.Signal;

/// <summary>The SigMF core:datatype values this library reads and writes.</summary>
public enum SigMfDatatype
{
    Cf32Le,
    Ci16Le,
    Ci32Le,
}

internal static class SigMfDatatypes
{
    public static string Name(this SigMfDatatype datatype) => datatype switch
    {
        SigMfDatatype.Cf32Le => "cf32_le",
        SigMfDatatype.Ci16Le => "ci16_le",
        SigMfDatatype.Ci32Le => "ci32_le",
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null),
    };

    public static SigMfDatatype? FromName(string name) => name switch
    {
        "cf32_le" => SigMfDatatype.Cf32Le,
        "ci16_le" => SigMfDatatype.Ci16Le,
        "ci32_le" => SigMfDatatype.Ci32Le,
        _ => null,
    };

    public static SampleEncoding Encoding(this SigMfDatatype datatype) => datatype switch
    {
        SigMfDatatype.Cf32Le => SampleEncoding.Float32,
        SigMfDatatype.Ci16Le => SampleEncoding.Int16,
        SigMfDatatype.Ci32Le => SampleEncoding.Int32,
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null),
    };

    /// <summary>SigMF integers are full-scale normalised: the most negative value is -1.</summary>
    public static double FullScale(this SigMfDatatype datatype) => datatype switch
    {
        SigMfDatatype.Cf32Le => 1.0,
        SigMfDatatype.Ci16Le => 32768.0,
        SigMfDatatype.Ci32Le => 2147483648.0,
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null),
    };
}
