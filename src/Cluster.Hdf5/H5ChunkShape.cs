namespace Cluster.Hdf5;

/// <summary>
/// The chunk shape used when a chunked dataset is created without one: one frame (the last two dimensions, or
/// the whole of a 1-D array) per chunk, leading dimensions 1, and the largest chunk dimension halved while a
/// chunk exceeds 1 MiB. A frame per chunk suits how stacks are written (frame by frame) and read (a frame, or
/// one pixel across frames at 1 chunk per frame); 1 MiB is HDF5's default chunk cache size, so a chunk that
/// is being filled stays in the cache.
/// </summary>
internal static class H5ChunkShape
{
    public const long TargetBytes = 1 << 20;

    /// <summary>Extent assumed for an empty unlimited 1-D dataset, which will grow by appends.</summary>
    private const long EmptyUnlimitedVectorChunk = 4096;

    public static long[] Choose(ReadOnlySpan<long> shape, ReadOnlySpan<long> maxShape, int elementSize)
    {
        var rank = shape.Length;
        var chunk = new long[rank];
        var frameStart = Math.Max(0, rank - 2);
        for (var i = 0; i < rank; i++)
        {
            if (i < frameStart) chunk[i] = 1;
            else if (shape[i] > 0) chunk[i] = shape[i];
            else chunk[i] = rank == 1 && maxShape[i] == H5Dataset.Unlimited ? EmptyUnlimitedVectorChunk : 1;
        }
        while (Bytes(chunk, elementSize) > TargetBytes)
        {
            var largest = 0;
            for (var i = 1; i < rank; i++) if (chunk[i] > chunk[largest]) largest = i;
            if (chunk[largest] == 1) break;
            chunk[largest] = (chunk[largest] + 1) / 2;
        }
        return chunk;
    }

    private static long Bytes(long[] chunk, int elementSize) => chunk.Aggregate((long)elementSize, (p, n) => p * n);
}
