using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// Per-thread preparation and error translation for every typed call. The Debian build of HDF5 is thread-safe
/// with one global lock: calls from several threads are correct but serialise. HDF5's error stack and its
/// automatic error printing are per thread, so printing is switched off once on each thread that calls in.
/// </summary>
internal static unsafe class H5Library
{
    [ThreadStatic] private static bool _threadReady;
    private static readonly Lazy<bool> Loaded = new(Load);

    /// <summary>Loads the library (once) and silences HDF5's automatic error printing on this thread.</summary>
    public static void EnterThread()
    {
        if (_threadReady) return;
        _ = Loaded.Value;
        Hdf5Native.H5Eset_auto2(Hdf5Native.H5E_DEFAULT, 0, 0);
        _threadReady = true;
    }

    private static bool Load()
    {
        Hdf5Native.EnsureLoaded();
        byte threadSafe = 0;
        Hdf5Native.H5is_library_threadsafe(&threadSafe);
        // Readers and writers run on many threads (workers, tests); an unlocked build would corrupt its state.
        if (threadSafe == 0)
            throw new InvalidOperationException($"{Hdf5Native.LibraryName} is not a thread-safe build; install Debian's {Hdf5Native.DebianPackage}");
        return true;
    }

    /// <summary>Throws <see cref="Hdf5Exception"/> when <paramref name="result"/> is negative.</summary>
    public static long Check(long result, string operation, string objectPath, string fileName) =>
        result >= 0 ? result : throw Failure(operation, objectPath, fileName);

    /// <summary>An exception carrying HDF5's current error stack of this thread (which is then cleared).</summary>
    public static Hdf5Exception Failure(string operation, string objectPath, string fileName)
    {
        var stack = Hdf5Native.CurrentErrorStack();
        Hdf5Native.H5Eclear2(Hdf5Native.H5E_DEFAULT);
        return new Hdf5Exception(operation, objectPath, fileName, Explain(stack));
    }

    /// <summary>The outermost description (what the API call was doing) and the innermost one (why it failed).</summary>
    private static string Explain(List<(string Function, string Description, string Minor)> innermostFirst)
    {
        if (innermostFirst.Count == 0) return "";
        static string Text((string Function, string Description, string Minor) r) =>
            r.Description.Length > 0 ? r.Description : r.Minor;
        var inner = Text(innermostFirst[0]);
        var outer = Text(innermostFirst[^1]);
        return outer == inner || outer.Length == 0 ? inner : $"{outer}: {inner}";
    }
}
