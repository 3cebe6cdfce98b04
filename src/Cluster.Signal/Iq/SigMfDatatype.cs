namespace Cluster.Signal;

/// <summary>The SigMF core:datatype values this library writes (it reads every SigMF datatype, see <see cref="SampleFormat"/>).</summary>
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

}
