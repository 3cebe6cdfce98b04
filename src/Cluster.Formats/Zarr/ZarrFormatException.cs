namespace Cluster.Formats.Zarr;

/// <summary>
/// A Zarr store, array or chunk that cannot be read: malformed metadata, an unsupported feature, or a chunk that does
/// not decode. The message names the array (its path in the store) and, when it concerns one, the codec or chunk key.
/// </summary>
public class ZarrFormatException : Exception
{
    public ZarrFormatException(string arrayPath, string problem, Exception? innerException = null)
        : base($"zarr array {arrayPath}: {problem}", innerException)
    {
        ArrayPath = arrayPath;
        Problem = problem;
    }

    /// <summary>The array's path in its store (or the store root itself for store-level problems).</summary>
    public string ArrayPath { get; }

    public string Problem { get; }
}

/// <summary>An array whose codec pipeline names a codec this reader does not decode (e.g. <c>blosc</c>, <c>sharding_indexed</c>).</summary>
public sealed class UnsupportedZarrCodecException(string arrayPath, string codec)
    : ZarrFormatException(arrayPath, $"codec '{codec}' is not supported (supported: bytes, zstd, gzip)")
{
    public string Codec { get; } = codec;
}
