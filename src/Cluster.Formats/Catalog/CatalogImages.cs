using System.Collections;
using Cluster.Formats.Zarr;

namespace Cluster.Formats.Catalog;

/// <summary>
/// A run's frames of one image field, read lazily from the Zarr store: <see cref="Count"/> and <see cref="Shape"/> come
/// from the image references, a frame's chunk is read only when that frame is asked for, and enumerating reads one frame
/// at a time (memory stays at one frame however long the stack is). Negative indexes count from the end, as in Python.
/// </summary>
public sealed class CatalogImages : IEnumerable<NpyArray>
{
    private readonly BeamtimeCatalog _catalog;
    private readonly IReadOnlyList<ImageReference> _refs;
    private readonly Dictionary<string, ZarrArray> _arrays = new(StringComparer.Ordinal);

    internal CatalogImages(BeamtimeCatalog catalog, string runUid, string field, IReadOnlyList<ImageReference> refs)
    {
        _catalog = catalog;
        RunUid = runUid;
        Field = field;
        _refs = refs;
    }

    public string RunUid { get; }
    public string Field { get; }
    public int Count => _refs.Count;

    /// <summary>(frames, shape_x, shape_y) as the catalog records them: rows then columns of a frame; (0, 0, 0) when empty.</summary>
    public (int Frames, int Rows, int Columns) Shape => _refs.Count == 0 ? (0, 0, 0) : (_refs.Count, _refs[0].ShapeX, _refs[0].ShapeY);

    /// <summary>The element type recorded for the frames (e.g. <c>int32</c>); null when empty.</summary>
    public string? DataType => _refs.Count == 0 ? null : _refs[0].DataType;

    /// <summary>The event seq_num of each frame.</summary>
    public IReadOnlyList<long> SeqNums => _refs.Select(r => r.SeqNum).ToList();

    /// <summary>One frame, rows x columns, in the array's element type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such frame.</exception>
    /// <exception cref="CatalogException">The Zarr store is missing, or the array does not match the reference.</exception>
    /// <exception cref="ZarrFormatException">The array's metadata or the frame's chunk cannot be decoded.</exception>
    public NpyArray this[int index]
    {
        get
        {
            var reference = _refs[Normalize(index)];
            var array = ArrayOf(reference);
            var frame = array.Read([reference.IndexInStack, 0, 0], [1, reference.ShapeX, reference.ShapeY]);
            return NpyArray.FromValidated(frame.Dtype, [reference.ShapeX, reference.ShapeY], frame.Data);
        }
    }

    /// <summary>Reads frame <paramref name="index"/> into <paramref name="destination"/> (rows x columns elements of the array's type).</summary>
    public void ReadFrame<T>(int index, Span<T> destination) where T : unmanaged
    {
        var reference = _refs[Normalize(index)];
        ArrayOf(reference).Read([reference.IndexInStack, 0, 0], [1, reference.ShapeX, reference.ShapeY], destination);
    }

    /// <summary>Frames [start, start + count) stacked into one (count, rows, columns) array.</summary>
    public NpyArray Range(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(start), $"frames {start}..{start + count - 1} are outside the {Count} frames of {Field} in run {RunUid}");
        var (_, rows, columns) = Shape;
        if (count == 0)
            return NpyArray.FromValidated(NpyDtype.Int32, [0, rows, columns], Array.Empty<int>());
        var first = ArrayOf(_refs[start]);
        var data = Array.CreateInstance(first.DataType.ElementType, (long)count * rows * columns);
        var frameBytes = rows * columns * first.DataType.ItemSize;
        var all = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(data), checked(count * frameBytes));
        for (var i = 0; i < count; i++)
        {
            var reference = _refs[start + i];
            var array = ArrayOf(reference);
            if (array.DataType != first.DataType || reference.ShapeX != rows || reference.ShapeY != columns)
                throw new CatalogException(_catalog.DatabasePath, $"run {RunUid} {Field}: frame {start + i} differs in type or shape from frame {start}; read frames one at a time");
            array.ReadBytes([reference.IndexInStack, 0, 0], [1, rows, columns], all.Slice(i * frameBytes, frameBytes));
        }
        return NpyArray.FromValidated(first.DataType.Dtype, [count, rows, columns], data);
    }

    public IEnumerator<NpyArray> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int Normalize(int index)
    {
        var normalized = index < 0 ? index + Count : index;
        if (normalized < 0 || normalized >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} is outside the {Count} frames of {Field} in run {RunUid}");
        return normalized;
    }

    private ZarrArray ArrayOf(ImageReference reference)
    {
        if (_arrays.TryGetValue(reference.ZarrGroup, out var cached)) return cached;
        var array = ZarrArray.Open(_catalog.ImageStore(), reference.ZarrGroup);
        if (array.Rank != 3 || array.Shape[1] != reference.ShapeX || array.Shape[2] != reference.ShapeY)
            throw new CatalogException(_catalog.DatabasePath,
                $"run {RunUid} {Field}: image_refs say frames of {reference.ShapeX} x {reference.ShapeY} but zarr array {reference.ZarrGroup} has shape [{string.Join(", ", array.Shape)}]");
        if (array.DataType.Name != reference.DataType)
            throw new CatalogException(_catalog.DatabasePath,
                $"run {RunUid} {Field}: image_refs say {reference.DataType} but zarr array {reference.ZarrGroup} holds {array.DataType.Name}");
        _arrays[reference.ZarrGroup] = array;
        return array;
    }
}
