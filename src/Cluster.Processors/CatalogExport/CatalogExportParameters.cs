namespace Cluster.Processors.CatalogExport;

/// <summary>Parameters of the <c>catalog-export</c> kind.</summary>
public sealed record CatalogExportParameters
{
    /// <summary>The stream whose scalar table is exported (<c>stream</c>).</summary>
    public string Stream { get; init; } = "primary";

    /// <summary>Image fields to export (<c>fields</c>); null exports every image field the run has.</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>What the quick-look PNG shows (<c>quicklook</c>: sum, last or none).</summary>
    public QuickLookImage QuickLook { get; init; } = QuickLookImage.Sum;

    public string Colormap { get; init; } = "viridis";

    /// <summary>gzip level of the image stack in the HDF5 file (<c>gzip_level</c>, 0-9, with shuffle; 0 stores it plain).</summary>
    public int GzipLevel { get; init; } = 1;
}
