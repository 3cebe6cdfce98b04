using Cluster.Nexus;
using PureHDF;
using PureHDF.Filters;
using PureHDF.VOL.Native;

namespace Cluster.Bench;

/// <summary>
/// The NeXus tree written through PureHDF 2.2.0 (managed HDF5 writer), for the comparison with the libhdf5 binding
/// (<see cref="Hdf5LayerComparison"/>, docs/hdf5.md "PureHDF 2.2.0, evaluated"). It maps everything PureHDF can express
/// the way <see cref="NexusFileWriter"/> does: groups with NX_class, soft links, numeric scalars and arrays, chunking
/// (one frame per chunk, at most 1 MiB), shuffle + deflate. What it cannot express is kept visible instead of patched
/// over: PureHDF chooses a string's layout for the whole file (<c>H5WriteOptions.DefaultStringLength</c>), so every
/// string here is variable-length, including NX_class, <c>definition</c>, <c>stxm_scan_type</c> and <c>@axes</c>,
/// which the libhdf5 writer stores as fixed-length strings for MANTiS.
/// </summary>
internal static class PureHdfTreeWriter
{
    public static void Write(NexusGroup root, string path)
    {
        var file = new H5File();
        Fill(file, root);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        file.Write(stream);
        stream.Flush(flushToDisk: true);
    }

    private static void Fill(H5Group target, NexusGroup group)
    {
        target.Attributes["NX_class"] = group.NxClass;
        foreach (var (name, value) in group.Attributes) target.Attributes[name] = AttributeValue(value);
        foreach (var member in group.Members)
        {
            switch (member)
            {
                case NexusGroup child:
                    var created = new H5Group();
                    Fill(created, child);
                    target[child.Name] = created;
                    break;
                case NexusLink link:
                    target[link.Name] = new H5SoftLink(link.Target);
                    break;
                case NexusField field:
                    var dataset = Dataset(field);
                    foreach (var (name, value) in field.Attributes) dataset.Attributes[name] = AttributeValue(value);
                    target[field.Name] = dataset;
                    break;
                default:
                    throw new ArgumentException($"unknown NeXus node {member.GetType().Name}");
            }
        }
    }

    private static object AttributeValue(NexusValue value) => value switch
    {
        NexusText text => text.Value,
        NexusTextArray texts => texts.Values.ToArray(),
        NexusArray { Shape.Count: 0 } scalar => scalar.Data.GetValue(0)!,
        NexusArray array => array.Data,
        _ => throw new ArgumentException($"unknown NeXus value {value.GetType().Name}"),
    };

    private static H5Dataset Dataset(NexusField field)
    {
        switch (field.Value)
        {
            case NexusText text:
                return new H5Dataset(text.Value);
            case NexusTextArray texts:
                return new H5Dataset(texts.Values.ToArray());
            case NexusArray { Shape.Count: 0 } scalar:
                return new H5Dataset(scalar.Data.GetValue(0)!);
            case NexusArray array:
                var dims = array.Shape.Select(n => (ulong)n).ToArray();
                if (field.Storage is not { } storage || array.Shape.Any(n => n == 0)) return new H5Dataset(array.Data, fileDims: dims);
                List<H5Filter> filters = storage.GzipLevel > 0
                    ? [ShuffleFilter.Id, new H5Filter(DeflateFilter.Id, new() { [DeflateFilter.COMPRESSION_LEVEL] = storage.GzipLevel })]
                    : [];
                var chunks = (storage.ChunkShape ?? FrameChunk(array.Shape, System.Runtime.InteropServices.Marshal.SizeOf(array.Data.GetType().GetElementType()!)))
                    .Select(n => (uint)n).ToArray();
                return new H5Dataset(array.Data, chunks: chunks, fileDims: dims, datasetCreation: new H5DatasetCreation(Filters: filters));
            default:
                throw new ArgumentException($"field '{field.Name}' holds an unknown value {field.Value.GetType().Name}");
        }
    }

    /// <summary>The libhdf5 writer's default chunk (docs/hdf5.md "Chunk choice"): one frame, halved while above 1 MiB.</summary>
    private static IReadOnlyList<long> FrameChunk(IReadOnlyList<long> shape, int elementSize)
    {
        var chunk = shape.Select((n, i) => i < shape.Count - 2 ? 1 : n).ToArray();
        while (chunk.Aggregate((long)elementSize, (p, n) => p * n) > 1 << 20)
        {
            var largest = Array.IndexOf(chunk, chunk.Max());
            chunk[largest] = (chunk[largest] + 1) / 2;
        }
        return chunk;
    }
}
