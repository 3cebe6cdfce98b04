using System.Security.Cryptography;
using Cluster.Core.Processing;
using Cluster.Formats.Catalog;
using Cluster.Nexus;

namespace Cluster.Processors.CatalogExport;

/// <summary>
/// <c>catalog-export</c>: one catalog run (item key = its uid, input = the catalog file) to a NeXus HDF5 file
/// (<c>&lt;uid&gt;.nxs</c>, layout in <see cref="CatalogNexusTree"/>) and a quick-look PNG (<c>&lt;uid&gt;.png</c>) of its
/// images. A run with no events and no images is <c>no_data</c>. The catalog is only read.
/// </summary>
public sealed class CatalogExportProcessor : IProcessor<CatalogExportParameters>
{
    public string Kind => "catalog-export";

    public Task<ProcessorResult> ProcessAsync(WorkInput input, CatalogExportParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken)
    {
        using var catalog = BeamtimeCatalog.Open(input.Path);
        var run = catalog.TryGetRun(input.Key)
                  ?? throw new ArgumentException($"{input.Path}: no run with uid {input.Key} (removed from the catalog?)");
        var table = run.Table(parameters.Stream);
        var fields = parameters.Fields ?? run.ImageFields();
        var stacks = fields.Select(f => run.Images(f)).Where(images => images.Count > 0).ToList();
        var missing = parameters.Fields?.Except(stacks.Select(s => s.Field)).ToList() ?? [];
        if (missing.Count > 0)
            throw new ArgumentException($"fields: run {run.Uid} has no frames of {string.Join(", ", missing)} (image fields: {string.Join(", ", run.ImageFields())})");
        if (table.RowCount == 0 && stacks.Count == 0)
            return Task.FromResult(ProcessorResult.NoData($"run {run.Uid} has no events in stream {parameters.Stream} and no images"));
        cancellationToken.ThrowIfCancellationRequested();

        var tree = CatalogNexusTree.Build(run, table, stacks, parameters.GzipLevel);
        var nexusName = $"{run.Uid}.nxs";
        var nexusPath = Path.Combine(context.OutputDirectory, nexusName);
        WriteAtomically(tree, nexusPath);
        var artifacts = new List<ArtifactFile> { new(nexusName, nexusPath, "application/x-hdf5") };
        var notes = new List<string> { $"{table.RowCount} events in {table.Stream}" };
        notes.AddRange(stacks.Select(s => $"{s.Field}: {s.Count} frames of {s.Shape.Rows} x {s.Shape.Columns} {s.DataType}"));

        if (parameters.QuickLook != QuickLookImage.None && stacks.Count > 0)
        {
            var pngName = $"{run.Uid}.png";
            var pngPath = Path.Combine(context.OutputDirectory, pngName);
            CatalogQuickLook.Write(run, stacks[0], parameters.QuickLook == QuickLookImage.Last ? -1 : null, pngPath, parameters.Colormap);
            artifacts.Add(new ArtifactFile(pngName, pngPath, "image/png"));
        }
        return Task.FromResult(ProcessorResult.Done(artifacts, notes));
    }

    /// <summary>HDF5 writes to a path, not a stream: a hidden temp name in the same directory, renamed when complete.</summary>
    private static void WriteAtomically(NexusGroup tree, string path)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        try
        {
            NexusFileWriter.Write(tree, temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
