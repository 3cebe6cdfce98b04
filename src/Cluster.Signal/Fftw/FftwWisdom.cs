using System.Text;

namespace Cluster.Signal.Fftw;

/// <summary>
/// FFTW's wisdom (the outcome of MEASURE planning) kept in a cache file, so a fresh process plans in microseconds
/// instead of ~70 ms per FFT shape. The file is <c>$CLUSTER_FFTW_WISDOM</c>, else
/// <c>$XDG_CACHE_HOME/cluster/fftwf.wisdom</c> or <c>~/.cache/cluster/fftwf.wisdom</c>. Wisdom only speeds planning
/// up: an unreadable or unwritable file means planning as if there were none. Call under the planner lock.
/// </summary>
internal static unsafe class FftwWisdom
{
    private static bool imported;

    public static string? FilePath { get; } = ChoosePath();

    public static void ImportOnce()
    {
        if (imported) return;
        imported = true;
        if (FilePath is null || !File.Exists(FilePath)) return;
        fixed (byte* path = NulTerminated(FilePath))
            _ = FftwNative.fftwf_import_wisdom_from_filename(path);
    }

    /// <summary>Saves everything planned so far; written beside the target and renamed, so readers never see half a file.</summary>
    public static void Save()
    {
        if (FilePath is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // no writable cache directory: the next process plans again, nothing else changes
        }
        var temp = $"{FilePath}.{Environment.ProcessId}.tmp";
        int saved;
        fixed (byte* path = NulTerminated(temp))
            saved = FftwNative.fftwf_export_wisdom_to_filename(path);
        if (saved != 0)
            File.Move(temp, FilePath, overwrite: true);
        else if (File.Exists(temp))
            File.Delete(temp);
    }

    private static string? ChoosePath()
    {
        var explicitPath = Environment.GetEnvironmentVariable("CLUSTER_FFTW_WISDOM");
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) return null;
            cache = Path.Combine(home, ".cache");
        }
        return Path.Combine(cache, "cluster", "fftwf.wisdom");
    }

    private static byte[] NulTerminated(string path) => Encoding.UTF8.GetBytes(path + "\0");
}
