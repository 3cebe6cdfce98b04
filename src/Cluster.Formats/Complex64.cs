namespace Cluster.Formats;

/// <summary>
/// numpy <c>complex64</c>: single-precision real and imaginary parts, in that order, so an array of these has
/// exactly numpy's memory layout. .NET has no single-precision complex type.
/// </summary>
public readonly record struct Complex64(float Real, float Imaginary);
