using Cluster.Formats;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>Arrays of an .npz archive (np.savez / np.savez_compressed); every real or integer dtype reads as float64.</summary>
public sealed class NpzPanelArrays : IPanelArrays
{
    private readonly IReadOnlyDictionary<string, NpyArray> _arrays;

    private NpzPanelArrays(string path, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        Path = path;
        _arrays = arrays;
    }

    public string Path { get; }

    /// <exception cref="PanelFileException">The file is missing or not a readable NPZ archive.</exception>
    public static NpzPanelArrays Open(string path)
    {
        try
        {
            return new NpzPanelArrays(path, Npz.Read(path));
        }
        catch (Exception e) when (e is InvalidNpzException or InvalidNpyException)
        {
            throw new PanelFileException(path, $"not a readable NPZ file: {Problem(e)}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PanelFileException(path, "no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PanelFileException(path, $"cannot be read ({e.Message})", e);
        }
    }

    public PanelArray Read(string name)
    {
        if (!_arrays.TryGetValue(name, out var array))
            throw new PanelFileException(Path, $"has no array '{name}' (it has: {string.Join(", ", _arrays.Keys.Order(StringComparer.Ordinal))})");
        return new PanelArray(AsDoubles(array, name), array.Shape);
    }

    private double[] AsDoubles(NpyArray array, string name)
    {
        switch (array.Data)
        {
            case double[] d: return d;
            case float[] f: return Convert(f, v => v);
            case sbyte[] i8: return Convert(i8, v => v);
            case short[] i16: return Convert(i16, v => v);
            case int[] i32: return Convert(i32, v => v);
            case long[] i64: return Convert(i64, v => v);
            case byte[] u8: return Convert(u8, v => v);
            case ushort[] u16: return Convert(u16, v => v);
            case uint[] u32: return Convert(u32, v => v);
            case ulong[] u64: return Convert(u64, v => v);
            default:
                throw new PanelFileException(Path, $"array '{name}' holds {array.Dtype} values; a spectrogram needs real numbers");
        }
    }

    private static double[] Convert<T>(T[] source, Func<T, double> convert)
    {
        var result = new double[source.Length];
        for (var i = 0; i < source.Length; i++) result[i] = convert(source[i]);
        return result;
    }

    /// <summary>The reader's message already starts with the path, which <see cref="PanelFileException"/> adds itself.</summary>
    private static string Problem(Exception e) => e switch
    {
        InvalidNpzException npz => npz.Problem,
        _ => e.Message,
    };

    public void Dispose()
    {
        // The archive is read completely on open; nothing stays open.
    }
}
