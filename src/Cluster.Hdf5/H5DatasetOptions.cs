namespace Cluster.Hdf5;

/// <summary>
/// Storage of a new dataset. Any of <see cref="ChunkShape"/>, <see cref="Shuffle"/>, <see cref="GzipLevel"/>
/// or a <see cref="MaxShape"/> larger than the shape makes the dataset chunked; without a chunk shape one
/// frame per chunk, capped at 1 MiB, is chosen. Shuffle runs before gzip (it groups the bytes of equal
/// significance, which is what makes gzip effective on floats).
/// </summary>
public sealed record H5DatasetOptions
{
    public IReadOnlyList<long>? ChunkShape { get; init; }
    public bool Shuffle { get; init; }

    /// <summary>Deflate level 1-9; null for no compression.</summary>
    public int? GzipLevel { get; init; }

    /// <summary>Largest extents <see cref="H5Dataset.Extend"/> may grow to; <see cref="H5Dataset.Unlimited"/> for none. Null: the shape.</summary>
    public IReadOnlyList<long>? MaxShape { get; init; }

    /// <summary>Value of elements never written (converted to the element type); null: HDF5's default, 0.</summary>
    public double? FillValue { get; init; }
}
