using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Cluster.Formats.Zarr;

/// <summary>
/// A Zarr v3 array, read-only: metadata from its <c>zarr.json</c>, elements read by region. Only the chunks a region
/// touches are read; a chunk that is not in the store reads as the fill value. Elements come out in the machine's
/// (little-endian) order whatever the <c>bytes</c> codec's endian. A region whose inner dimensions are whole chunks
/// (a frame of an image stack chunked frame by frame) is decoded straight into the caller's buffer.
/// </summary>
public sealed class ZarrArray
{
    private readonly ZarrArrayMetadata _metadata;

    private ZarrArray(IZarrStore store, string path, ZarrArrayMetadata metadata)
    {
        Store = store;
        Path = path;
        _metadata = metadata;
    }

    /// <param name="store">Where the hierarchy lives.</param>
    /// <param name="path">The array's path in the store ('/'-separated, no leading '/'; "" for a root array).</param>
    /// <exception cref="ZarrFormatException">No array there, or metadata this reader does not support (names the field or codec).</exception>
    public static ZarrArray Open(IZarrStore store, string path)
    {
        ArgumentNullException.ThrowIfNull(store);
        path = path.Trim('/');
        var documentKey = path.Length == 0 ? ZarrArrayMetadata.DocumentName : $"{path}/{ZarrArrayMetadata.DocumentName}";
        byte[]? document;
        try
        {
            document = store.TryRead(documentKey);
        }
        catch (ArgumentException e)
        {
            throw new ZarrFormatException(path, e.Message, e);
        }
        if (document is null)
            throw new ZarrFormatException(path, $"no {ZarrArrayMetadata.DocumentName} in {store.Location} (not an array of this store)");
        return new ZarrArray(store, path, ZarrArrayMetadata.Parse(path, document));
    }

    public IZarrStore Store { get; }
    public string Path { get; }
    public int Rank => _metadata.Shape.Length;
    public IReadOnlyList<long> Shape => _metadata.Shape;
    public IReadOnlyList<int> ChunkShape => _metadata.ChunkShape;
    public ZarrDataType DataType => _metadata.DataType;

    /// <summary>The codecs after <c>bytes</c>, in the order the writer applied them (e.g. ["zstd"]).</summary>
    public IReadOnlyList<string> Compressors => _metadata.BytesCodecs.Select(c => c.Name).ToList();

    /// <summary>The store key of the chunk at <paramref name="chunkCoordinates"/>.</summary>
    public string ChunkKey(params long[] chunkCoordinates) => _metadata.ChunkKey(Path, chunkCoordinates);

    /// <summary>Reads the region into a new array of the array's element type, shaped like <paramref name="count"/>.</summary>
    public NpyArray Read(ReadOnlySpan<long> start, ReadOnlySpan<long> count)
    {
        var elements = CheckRegion(start, count);
        var data = Array.CreateInstance(DataType.ElementType, elements);
        ReadBytes(start, count, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), checked((int)(elements * DataType.ItemSize))));
        return NpyArray.FromValidated(DataType.Dtype, count.ToArray(), data);
    }

    /// <summary>Reads the region into <paramref name="destination"/> (C order, exactly the region's element count).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the array's element type, or a bad region.</exception>
    public void Read<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) != DataType.ElementType)
            throw new ArgumentException($"zarr array {Path} holds {DataType.Name} ({DataType.ElementType.Name}), not {typeof(T).Name}");
        ReadBytes(start, count, MemoryMarshal.AsBytes(destination));
    }

    /// <summary>Reads the region's elements as bytes in machine order into <paramref name="destination"/>.</summary>
    /// <exception cref="ZarrFormatException">A chunk that does not decode (names the chunk key and codec).</exception>
    public void ReadBytes(ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<byte> destination)
    {
        var elements = CheckRegion(start, count);
        var item = DataType.ItemSize;
        if (destination.Length != elements * item)
            throw new ArgumentException($"zarr array {Path}: the region holds {elements * item} bytes, the destination {destination.Length}");
        if (elements == 0) return;

        var rank = Rank;
        var chunkShape = _metadata.ChunkShape;
        var first = new long[rank];
        var last = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            first[d] = start[d] / chunkShape[d];
            last[d] = (start[d] + count[d] - 1) / chunkShape[d];
        }
        var chunkBytes = (int)(chunkShape.Aggregate(1L, (p, n) => p * n) * item);
        byte[]? scratch = null;
        try
        {
            var chunk = (long[])first.Clone();
            var origin = new long[rank];
            while (true)
            {
                for (var d = 0; d < rank; d++) origin[d] = chunk[d] * chunkShape[d];
                var key = _metadata.ChunkKey(Path, chunk);
                var encoded = ReadChunkBytes(key);
                if (encoded is null)
                    CopyIntersection([], origin, start, count, destination);
                else if (DecodesInPlace(origin, start, count, out var offset))
                    Decode(key, encoded, destination.Slice((int)(offset * item), chunkBytes));
                else
                {
                    scratch ??= ArrayPool<byte>.Shared.Rent(chunkBytes);
                    Decode(key, encoded, scratch.AsSpan(0, chunkBytes));
                    CopyIntersection(scratch.AsSpan(0, chunkBytes), origin, start, count, destination);
                }
                if (!Advance(chunk, first, last)) break;
            }
        }
        finally
        {
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private byte[]? ReadChunkBytes(string key)
    {
        try
        {
            return Store.TryRead(key);
        }
        catch (IOException e)
        {
            throw new ZarrFormatException(Path, $"chunk {key} cannot be read ({e.Message})", e);
        }
    }

    private void Decode(string key, byte[] encoded, Span<byte> chunk)
    {
        var codecs = _metadata.BytesCodecs;
        try
        {
            if (codecs.Count == 0)
            {
                if (encoded.Length != chunk.Length)
                    throw new InvalidDataException($"bytes: {encoded.Length} bytes stored, the chunk holds {chunk.Length}");
                encoded.CopyTo(chunk);
            }
            else
            {
                var data = encoded;
                for (var i = codecs.Count - 1; i > 0; i--) data = codecs[i].Decode(data);
                codecs[0].DecodeInto(data, chunk);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ZarrFormatException(Path, $"chunk {key} is corrupt: {e.Message}", e);
        }
        if (_metadata.BigEndian) SwapToLittleEndian(chunk, DataType.ItemSize);
    }

    private static void SwapToLittleEndian(Span<byte> bytes, int itemSize)
    {
        switch (itemSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    /// <summary>
    /// True when the chunk lies inside the region and covers its inner dimensions whole: its C-order bytes are then a
    /// contiguous block of the destination, starting at element <paramref name="offset"/>.
    /// </summary>
    private bool DecodesInPlace(long[] origin, ReadOnlySpan<long> start, ReadOnlySpan<long> count, out long offset)
    {
        offset = 0;
        var chunkShape = _metadata.ChunkShape;
        if (Rank == 0) return true;
        if (origin[0] < start[0] || origin[0] + chunkShape[0] > start[0] + count[0]) return false;
        for (var d = 1; d < Rank; d++)
            if (origin[d] != start[d] || chunkShape[d] != count[d]) return false;
        var inner = 1L;
        for (var d = 1; d < Rank; d++) inner *= count[d];
        offset = (origin[0] - start[0]) * inner;
        return true;
    }

    /// <summary>
    /// Copies the part of a decoded chunk inside the region into the destination, one innermost run at a time; with
    /// no chunk (<paramref name="chunk"/> empty, the chunk is not stored) fills those runs with the fill value.
    /// </summary>
    private void CopyIntersection(ReadOnlySpan<byte> chunk, long[] origin, ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<byte> destination)
    {
        var rank = Rank;
        var item = DataType.ItemSize;
        var fill = _metadata.FillElement;
        var zeroFill = fill.All(b => b == 0);
        if (rank == 0)
        {
            if (chunk.IsEmpty) fill.CopyTo(destination);
            else chunk[..item].CopyTo(destination);
            return;
        }
        var chunkShape = _metadata.ChunkShape;
        var low = new long[rank];
        var high = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            low[d] = Math.Max(start[d], origin[d]);
            high[d] = Math.Min(start[d] + count[d], origin[d] + chunkShape[d]);
        }
        // Strides in elements, C order.
        var chunkStride = new long[rank];
        var destinationStride = new long[rank];
        chunkStride[rank - 1] = destinationStride[rank - 1] = 1;
        for (var d = rank - 2; d >= 0; d--)
        {
            chunkStride[d] = chunkStride[d + 1] * chunkShape[d + 1];
            destinationStride[d] = destinationStride[d + 1] * count[d + 1];
        }
        var runLength = (int)((high[rank - 1] - low[rank - 1]) * item);
        var index = (long[])low.Clone();
        while (true)
        {
            long chunkOffset = 0, destinationOffset = 0;
            for (var d = 0; d < rank; d++)
            {
                chunkOffset += (index[d] - origin[d]) * chunkStride[d];
                destinationOffset += (index[d] - start[d]) * destinationStride[d];
            }
            var run = destination.Slice((int)(destinationOffset * item), runLength);
            if (!chunk.IsEmpty) chunk.Slice((int)(chunkOffset * item), runLength).CopyTo(run);
            else if (zeroFill) run.Clear();
            else
                for (var i = 0; i < run.Length; i += item)
                    fill.CopyTo(run.Slice(i, item));
            // Next index over every dimension but the innermost, which the run covers.
            var dim = rank - 2;
            while (dim >= 0)
            {
                if (++index[dim] < high[dim]) break;
                index[dim] = low[dim];
                dim--;
            }
            if (dim < 0) return;
        }
    }

    private static bool Advance(long[] index, long[] first, long[] last)
    {
        for (var d = index.Length - 1; d >= 0; d--)
        {
            if (++index[d] <= last[d]) return true;
            index[d] = first[d];
        }
        return false;
    }

    private long CheckRegion(ReadOnlySpan<long> start, ReadOnlySpan<long> count)
    {
        if (start.Length != Rank || count.Length != Rank)
            throw new ArgumentException($"zarr array {Path} has {Rank} dimensions; the region gives {start.Length} starts and {count.Length} counts");
        var elements = 1L;
        for (var d = 0; d < Rank; d++)
        {
            if (start[d] < 0 || count[d] < 0 || start[d] + count[d] > _metadata.Shape[d])
                throw new ArgumentOutOfRangeException(nameof(start),
                    $"zarr array {Path}: region start {start[d]} count {count[d]} in dimension {d} is outside its shape [{string.Join(", ", _metadata.Shape)}]");
            elements *= count[d];
        }
        if (elements * DataType.ItemSize > Array.MaxLength)
            throw new ArgumentException($"zarr array {Path}: a region of {elements} elements is too large for one buffer");
        return elements;
    }

    public override string ToString() =>
        $"ZarrArray({Path}, {DataType.Name}, shape [{string.Join(", ", Shape)}], chunks [{string.Join(", ", ChunkShape)}])";
}
