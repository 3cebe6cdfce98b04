using System.CommandLine;
using Cluster.Core.Processing;
using Cluster.Processors.Nxstxm;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster nxstxm INPUT -o OUTDIR</c>: the nxstxm kind on one bluesky document file, or on every <c>*.jsonl</c> /
/// <c>*.json</c> file of a directory (not recursive), no servers. Same processor as the job kind: each scan gives
/// <c>OUTDIR/&lt;stem&gt;.hdf5</c> (+ <c>&lt;stem&gt;.png</c>), or <c>OUTDIR/&lt;stem&gt;.err</c> when it cannot be converted.
/// </summary>
public static class NxstxmCommand
{
    public static Command Create(Terminal terminal)
    {
        var input = new Argument<FileSystemInfo>("input") { Description = "A bluesky document file (.jsonl JSON Lines or a suitcase .json example), or a directory of them" };
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Directory for <stem>.hdf5, <stem>.png and, on failure, <stem>.err", Required = true };
        var sourceName = new Option<string>("--source-name") { Description = "NXsource/name: facility or beamline", DefaultValueFactory = _ => "unknown" };
        var compression = new Option<int>("--compression") { Description = "gzip level 0-9 (with shuffle) of the large arrays", DefaultValueFactory = _ => 1 };
        var noQuickLook = new Option<bool>("--no-quicklook") { Description = "Do not write the quick-look PNG" };
        var command = new Command("nxstxm", "Convert STXM scans recorded as bluesky documents to NXstxm HDF5 files (+ quick-look PNG)")
        {
            input, output, sourceName, compression, noQuickLook,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var parameters = new NxstxmParameters
            {
                SourceName = parse.GetValue(sourceName)!,
                Compression = parse.GetValue(compression),
                QuickLook = !parse.GetValue(noQuickLook),
            };
            return RunAsync(terminal, parse.GetRequiredValue(input), parse.GetRequiredValue(output).FullName, parameters, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(Terminal terminal, FileSystemInfo input, string outputDirectory, NxstxmParameters parameters,
        CancellationToken cancellationToken)
    {
        List<FileInfo> files;
        try
        {
            parameters.Validate();
            files = ScanFiles(input);
        }
        catch (ArgumentException e)
        {
            terminal.Fail(e.Message);
            return ExitCodes.Usage;
        }
        var processor = new NxstxmProcessor();
        var failed = 0;
        foreach (var file in files)
        {
            var scratch = Directory.CreateTempSubdirectory("cluster-nxstxm-");
            try
            {
                var result = await terminal.WithProgressAsync(file.Name, progress =>
                    processor.ProcessAsync(new WorkInput(file.Name, file.FullName), parameters,
                        new ProcessorContext(outputDirectory, scratch.FullName, progress), cancellationToken));
                foreach (var note in result.Notes) terminal.Error.WriteLine($"{file.Name}: {note}");
                foreach (var artifact in result.Artifacts) terminal.Output.WriteLine(artifact.Path);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The message names the file, the run and the problem; <stem>.err holds the same, nothing is under the final name.
                terminal.Fail(e.Message);
                failed++;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        if (files.Count > 1)
            terminal.Error.WriteLine($"{files.Count - failed} of {files.Count} scans converted" + (failed > 0 ? $", {failed} failed (see the .err files in {outputDirectory})" : ""));
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The input file, or the directory's visible <c>*.jsonl</c> and <c>*.json</c> files in name order; outputs must not collide.</summary>
    private static List<FileInfo> ScanFiles(FileSystemInfo input)
    {
        if (File.Exists(input.FullName)) return [new FileInfo(input.FullName)];
        if (!Directory.Exists(input.FullName))
            throw new ArgumentException($"input: {input.FullName} does not exist");
        var files = new DirectoryInfo(input.FullName).EnumerateFiles()
            .Where(f => !f.Name.StartsWith('.') && f.Extension is ".jsonl" or ".json")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
            throw new ArgumentException($"input: {input.FullName} holds no .jsonl or .json files");
        var clash = files.GroupBy(f => NxstxmProcessor.ScanStem(f.Name)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"input: {string.Join(" and ", clash.Select(f => f.Name))} would both be written as {clash.Key}.hdf5");
        return files;
    }
}
