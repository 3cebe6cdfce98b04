using Cluster.Core.Processing;
using Cluster.Formats;
using Cluster.Nexus;
using Cluster.Nexus.Stxm;

namespace Cluster.Processors.Nxstxm;

/// <summary>
/// <c>nxstxm</c>: one STXM scan (a bluesky document file holding its run or runs: JSON Lines, a suitcase example
/// file or an older pyStxm example file) to <c>&lt;stem&gt;.hdf5</c>, an NXstxm file with one entry per region x polarization (x angle), and a
/// quick-look <c>&lt;stem&gt;.png</c>. The HDF5 file is written under a temporary name and renamed on success; on failure
/// <c>&lt;stem&gt;.err</c> says why and nothing appears under the final name (<see cref="ScanOutputFiles"/>), and the
/// error is rethrown so the item ends <c>error</c> with the message that names the file, the run and the problem.
/// </summary>
public sealed class NxstxmProcessor : IProcessor<NxstxmParameters>
{
    public string Kind => "nxstxm";

    public Task<ProcessorResult> ProcessAsync(WorkInput input, NxstxmParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var result = Process(input, parameters, context, cancellationToken, out var points);
            // Here, outside Process, nothing references the scan, its tree or its parsed documents any more.
            if (points >= ReleaseAbovePoints) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            return result;
        }, cancellationToken);

    /// <summary>
    /// Scans of at least this many points (about 50 MB of arrays: the signal, the ring current and the point arrays,
    /// 8 bytes each) are freed as soon as their file is written, by a full collection, instead of at the runtime's next
    /// one. Such a scan's arrays are one large allocation that dies at once, which the collector cannot know: its
    /// large-object budget grows with what survives its collections (mid-conversion, the whole scan), so a worker
    /// converting one stack after another held the previous stack's ~400 MB of dead arrays while it filled the next
    /// (five 50 x 256 x 256 x 2 conversions in one process: peak working set 934-1,629 MB without, 468 MB with; h5py
    /// 589 MB; docs/benchmarks.md). What survives the collection is small and the arrays hold no references: it took
    /// 0.06 s, against seconds of conversion.
    /// </summary>
    private const long ReleaseAbovePoints = 1L << 20;

    /// <summary><c>scan7.jsonl</c> -> <c>scan7</c>: the name of the outputs.</summary>
    public static string ScanStem(string path) => Path.GetFileNameWithoutExtension(path);

    private static ProcessorResult Process(WorkInput input, NxstxmParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken, out long points)
    {
        parameters.Validate();
        SafeDirectory.Create(context.OutputDirectory);
        var stem = ScanStem(input.Path);
        var files = new ScanOutputFiles(context.OutputDirectory, stem);
        StxmScan scan;
        byte[]? quickLook = null;
        try
        {
            context.Progress?.Report(0);
            scan = StxmScanReader.Read(input.Path);
            cancellationToken.ThrowIfCancellationRequested();
            context.Progress?.Report(0.4);
            var tree = NxstxmBuilder.Build(scan, new NxstxmFileInfo(Path.GetFileName(files.FinalPath), DateTimeOffset.UtcNow)
            {
                SourceName = parameters.SourceName,
                GzipLevel = parameters.Compression,
            });
            // The figure is drawn before anything is written, so a figure problem cannot leave a file behind.
            if (parameters.QuickLook) quickLook = StxmQuickLook.Png(scan.Entries[0], stem);
            cancellationToken.ThrowIfCancellationRequested();
            NexusFileWriter.WriteDirect(tree, files.TempPath);
            context.Progress?.Report(0.9);
            files.Commit();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            files.Abandon();
            throw;
        }
        catch (Exception failure)
        {
            files.Fail(failure, input.Path);
            throw;
        }

        var artifacts = new List<ArtifactFile> { new(Path.GetFileName(files.FinalPath), files.FinalPath, "application/x-hdf5") };
        if (quickLook is not null)
        {
            AtomicFile.Write(files.QuickLookPath, s => s.Write(quickLook));
            artifacts.Add(new ArtifactFile(stem + ".png", files.QuickLookPath, "image/png"));
        }
        else
            File.Delete(files.QuickLookPath); // a figure of an earlier conversion would no longer match the file
        context.Progress?.Report(1);
        points = scan.Entries.Sum(e => e.Data.LongLength);
        return ProcessorResult.Done(artifacts, Notes(scan, files.FinalPath));
    }

    private const int MaxScanNotes = 10;

    private static List<string> Notes(StxmScan scan, string path)
    {
        var entries = string.Join(", ", scan.Entries.Select(e => $"{e.Name} {e.NxstxmScanType} ({string.Join(" x ", e.Shape)}){(e.Aborted ? " aborted" : "")}"));
        var notes = new List<string>
        {
            $"{StxmScanTypes.SeedName(scan.Type)}: {scan.Entries.Count} entr{(scan.Entries.Count == 1 ? "y" : "ies")}: {entries}; {new FileInfo(path).Length:N0} bytes",
        };
        notes.AddRange(scan.Notes.Take(MaxScanNotes));
        if (scan.Notes.Count > MaxScanNotes) notes.Add($"... and {scan.Notes.Count - MaxScanNotes} more notes");
        return notes;
    }
}
