using System.Security.Cryptography;
using System.Text;
using Cluster.Formats;
using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;

namespace Cluster.Processors.Nxstxm;

/// <summary>
/// The names one scan's NeXus file goes through (the suitcase seed's protocol): written as
/// <c>.&lt;stem&gt;.hdf5.&lt;random&gt;.tmp</c> in the output directory, renamed to <c>&lt;stem&gt;.hdf5</c> on success;
/// on failure <c>&lt;stem&gt;.err</c> (a text file: input, run, problem) and nothing under the final name.
/// </summary>
internal sealed class ScanOutputFiles
{
    public ScanOutputFiles(string directory, string stem)
    {
        FinalPath = Path.Combine(directory, stem + ".hdf5");
        ErrorPath = Path.Combine(directory, stem + ".err");
        QuickLookPath = Path.Combine(directory, stem + ".png");
        TempPath = Path.Combine(directory, $".{stem}.hdf5.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
    }

    public string FinalPath { get; }
    public string ErrorPath { get; }
    public string TempPath { get; }
    public string QuickLookPath { get; }

    /// <summary>Makes the written temporary file durable and gives it the final name; a stale <c>.err</c> of an earlier attempt goes.</summary>
    public void Commit()
    {
        using (var written = new FileStream(TempPath, FileMode.Open, FileAccess.ReadWrite))
            written.Flush(flushToDisk: true);
        File.Move(TempPath, FinalPath, overwrite: true);
        File.Delete(ErrorPath);
    }

    /// <summary>Cancellation is no verdict on the input: the temporary file goes, no <c>.err</c> is written.</summary>
    public void Abandon() => File.Delete(TempPath);

    /// <summary>
    /// Records a failed conversion: removes the temporary file (a half-written HDF5 file is no use to anyone, and on a
    /// full disk it is harm), removes an earlier final file and quick look (they belong to an input that is no longer
    /// what is there),
    /// and writes <c>&lt;stem&gt;.err</c>. The caller rethrows <paramref name="failure"/>.
    /// </summary>
    public void Fail(Exception failure, string inputPath)
    {
        try
        {
            File.Delete(TempPath);
            File.Delete(FinalPath);
            File.Delete(QuickLookPath);
            var text = ErrorText(failure, inputPath);
            AtomicFile.Write(ErrorPath, s => s.Write(Encoding.UTF8.GetBytes(text)));
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            throw new AggregateException($"{inputPath}: the conversion failed, and recording the failure in {ErrorPath} failed too", failure, cleanup);
        }
    }

    /// <summary>What a user reading the <c>.err</c> file needs: which input, which run, what is wrong, when.</summary>
    public static string ErrorText(Exception failure, string inputPath)
    {
        var (run, problem) = failure switch
        {
            BlueskyFormatException b => (b.RunUid, b.Problem),
            StxmScanException s => (s.RunUid, s.Problem),
            _ => (null, failure.Message),
        };
        return $"""
            nxstxm: conversion failed
            input: {inputPath}
            run: {run ?? "(not known)"}
            problem: {problem}
            error: {failure.GetType().Name}: {failure.Message}
            time: {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}

            """;
    }
}
