using System.Security.Cryptography;
using Cluster.Hdf5;

namespace Cluster.Nexus;

/// <summary>
/// Writes a NeXus tree into an HDF5 file; the root group becomes the file's root (its class, normally NXroot,
/// and its attributes go on "/"). Encodings follow the NAPI files MANTiS and the NXDL validator read (see
/// docs/hdf5.md): <c>NX_class</c> a scalar fixed-length ASCII string, <see cref="NexusText"/> a scalar
/// variable-length UTF-8 string, <see cref="NexusTextArray"/> a 1-D fixed-length string array,
/// <see cref="NexusArray"/> a numeric dataset of the array's element type and shape (scalar when the shape is
/// empty), chunked with shuffle and gzip when the field has a <see cref="NexusStorage"/>.
/// </summary>
public static partial class NexusFileWriter
{
    /// <summary>
    /// Writes every member and attribute of <paramref name="root"/> to <paramref name="path"/>, replacing an
    /// existing file. The file is written under a temporary name in the same directory, flushed to disk and
    /// renamed, so the final name never holds a half-written file; on failure the temporary file is deleted.
    /// </summary>
    public static void Write(NexusGroup root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var finalPath = Path.GetFullPath(path);
        var tempPath = Path.Combine(Path.GetDirectoryName(finalPath)!,
            $".{Path.GetFileName(finalPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            using (var file = H5File.Create(tempPath))
                WriteGroup(file.Root, root);
            using (var written = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite))
                written.Flush(flushToDisk: true);
            File.Move(tempPath, finalPath, overwrite: true);
        }
        catch (Exception failure)
        {
            DeleteTempAfter(failure, tempPath);
            throw;
        }
    }

    private static void WriteGroup(H5Group target, NexusGroup group)
    {
        if (group.Attributes[NexusClassAttribute] is not null)
            throw new ArgumentException($"group '{target.Path}' sets an NX_class attribute besides its class {group.NxClass}; the class alone is written as NX_class");
        // As NAPI (and the PolLux files) store it; h5py reads bytes, which MANTiS and the validator accept.
        target.Attributes.WriteString(NexusClassAttribute, group.NxClass, H5StringLayout.FixedLength);
        WriteAttributes(target.Attributes, group.Attributes, target.Path);
        foreach (var member in group.Members)
        {
            switch (member)
            {
                case NexusGroup child:
                    using (var created = target.CreateGroup(child.Name)) WriteGroup(created, child);
                    break;
                case NexusField field:
                    WriteField(target, field);
                    break;
                case NexusLink link:
                    if (link.Attributes.Count > 0)
                        throw new ArgumentException($"link '{link.Name}' in '{target.Path}' has attributes; attributes belong to its target {link.Target}");
                    target.CreateSoftLink(link.Name, link.Target);
                    break;
                default:
                    throw new ArgumentException($"unknown NeXus node {member.GetType().Name} '{member.Name}' in '{target.Path}'");
            }
        }
    }

    private static void WriteField(H5Group parent, NexusField field)
    {
        if (field.Storage is not null && field.Value is not NexusArray)
            throw new ArgumentException($"field '{field.Name}' in '{parent.Path}' is text; chunked storage applies to numeric arrays only");
        using var dataset = field.Value switch
        {
            NexusText text => parent.CreateStringDataset(field.Name, text.Value, H5StringLayout.VariableLength),
            NexusTextArray texts => parent.CreateStringDataset(field.Name, texts.Values, H5StringLayout.FixedLength),
            NexusArray array => CreateNumeric(parent, field.Name, array, field.Storage),
            _ => throw new ArgumentException($"field '{field.Name}' in '{parent.Path}' holds an unknown value {field.Value.GetType().Name}"),
        };
        WriteAttributes(dataset.Attributes, field.Attributes, dataset.Path);
    }

    private static H5Dataset CreateNumeric(H5Group parent, string name, NexusArray array, NexusStorage? storage)
    {
        var shape = array.Shape.ToArray();
        // HDF5 cannot chunk a scalar or an empty extent; those are stored contiguous whatever the storage says.
        var chunkable = storage is not null && shape.Length > 0 && shape.All(n => n > 0);
        if (chunkable && storage!.ChunkShape is { } chunk && chunk.Count != shape.Length)
            throw new ArgumentException($"field '{name}' in '{parent.Path}' has shape ({string.Join(", ", shape)}) but chunk shape ({string.Join(", ", chunk)})");
        var options = chunkable
            ? new H5DatasetOptions { ChunkShape = storage!.ChunkShape, Shuffle = storage.Shuffle, GzipLevel = storage.GzipLevel > 0 ? storage.GzipLevel : null }
            : null;
        var dataset = parent.CreateDataset(name, ElementTypeOf(array.Data, $"{parent.Path}/{name}"), shape, options);
        try
        {
            NumericArrays.Dispatch(array.Data, new WriteDataset(dataset));
            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    private static void WriteAttributes(H5Attributes target, NexusAttributes attributes, string ownerPath)
    {
        foreach (var (name, value) in attributes)
        {
            switch (value)
            {
                case NexusText text:
                    target.WriteString(name, text.Value, H5StringLayout.VariableLength);
                    break;
                case NexusTextArray texts:
                    target.WriteStrings(name, texts.Values, H5StringLayout.FixedLength);
                    break;
                case NexusArray { Shape.Count: 0 } scalar:
                    NumericArrays.Dispatch(scalar.Data, new WriteScalarAttribute(target, name));
                    break;
                case NexusArray { Shape.Count: 1 } vector:
                    NumericArrays.Dispatch(vector.Data, new WriteArrayAttribute(target, name));
                    break;
                case NexusArray other:
                    throw new ArgumentException($"attribute '{ownerPath}@{name}' has rank {other.Shape.Count}; attributes are scalars or 1-D");
                default:
                    throw new ArgumentException($"attribute '{ownerPath}@{name}' holds an unknown value {value.GetType().Name}");
            }
        }
    }

    private const string NexusClassAttribute = "NX_class";

    private static H5ElementType ElementTypeOf(Array data, string path) => data switch
    {
        double[] => H5ElementType.Float64,
        float[] => H5ElementType.Float32,
        int[] => H5ElementType.Int32,
        long[] => H5ElementType.Int64,
        uint[] => H5ElementType.UInt32,
        ulong[] => H5ElementType.UInt64,
        short[] => H5ElementType.Int16,
        ushort[] => H5ElementType.UInt16,
        byte[] => H5ElementType.UInt8,
        sbyte[] => H5ElementType.Int8,
        _ => throw new ArgumentException($"field '{path}' holds a {data.GetType().Name}, not a flat array of a numeric type"),
    };

    private sealed class WriteDataset(H5Dataset dataset) : NumericArrays.IAction
    {
        public void Apply<T>(T[] values) where T : unmanaged => dataset.Write<T>(values);
    }

    private sealed class WriteScalarAttribute(H5Attributes attributes, string name) : NumericArrays.IAction
    {
        public void Apply<T>(T[] values) where T : unmanaged => attributes.Write(name, values[0]);
    }

    private sealed class WriteArrayAttribute(H5Attributes attributes, string name) : NumericArrays.IAction
    {
        public void Apply<T>(T[] values) where T : unmanaged => attributes.WriteArray<T>(name, values);
    }

    /// <summary>Calls a generic action with the typed array behind <see cref="NexusArray.Data"/>.</summary>
    private static class NumericArrays
    {
        public interface IAction
        {
            void Apply<T>(T[] values) where T : unmanaged;
        }

        public static void Dispatch(Array data, IAction action)
        {
            switch (data)
            {
                case double[] v: action.Apply(v); break;
                case float[] v: action.Apply(v); break;
                case int[] v: action.Apply(v); break;
                case long[] v: action.Apply(v); break;
                case uint[] v: action.Apply(v); break;
                case ulong[] v: action.Apply(v); break;
                case short[] v: action.Apply(v); break;
                case ushort[] v: action.Apply(v); break;
                case byte[] v: action.Apply(v); break;
                case sbyte[] v: action.Apply(v); break;
                default: throw new ArgumentException($"{data.GetType().Name} is not a flat array of a numeric type");
            }
        }
    }

    private static void DeleteTempAfter(Exception failure, string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            throw new AggregateException($"writing failed and the temp file {tempPath} could not be deleted either", failure, cleanup);
        }
    }
}
