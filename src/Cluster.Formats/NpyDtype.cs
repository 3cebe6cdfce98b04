namespace Cluster.Formats;

/// <summary>The numpy element types this library reads and writes (always little-endian on write).</summary>
public enum NpyDtype
{
    Bool,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
    /// <summary>numpy <c>complex64</c> ('&lt;c8'): two float32, held as <see cref="Complex64"/>.</summary>
    Complex64,
    /// <summary>numpy <c>complex128</c> ('&lt;c16'): two float64, held as <see cref="System.Numerics.Complex"/>.</summary>
    Complex128,
}
