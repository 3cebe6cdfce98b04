using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Plotting;

namespace Cluster.Processors.CatalogExport;

/// <summary>Binds <c>params</c> of the <c>catalog-export</c> kind: stream, fields, quicklook, colormap, gzip_level.</summary>
public static class CatalogExportKind
{
    public static IJobKind Create() => new JobKind<CatalogExportParameters>(new CatalogExportProcessor(), Bind);

    public static CatalogExportParameters? Bind(SpecReader p, SpecReader outputs)
    {
        var defaults = new CatalogExportParameters();
        var stream = p.String("stream");
        var fields = p.StringList("fields");
        var quickLook = p.String("quicklook");
        var colormap = p.String("colormap");
        var gzip = p.Int("gzip_level", min: 0, max: 9);
        var errors = p.Errors.Count;
        QuickLookImage? image = quickLook switch
        {
            null => defaults.QuickLook,
            "sum" => QuickLookImage.Sum,
            "last" => QuickLookImage.Last,
            "none" => QuickLookImage.None,
            _ => null,
        };
        if (image is null) p.Error("quicklook", $"must be sum, last or none (got '{quickLook}')");
        if (colormap is not null && !Colormap.AvailableNames.Contains(colormap, StringComparer.OrdinalIgnoreCase))
            p.Error("colormap", $"unknown colormap '{colormap}' (known: {string.Join(", ", Colormap.AvailableNames)})");
        if (fields is { Count: 0 }) p.Error("fields", "the list is empty (leave it out to export every image field)");
        if (p.Errors.Count > errors) return null;
        return new CatalogExportParameters
        {
            Stream = stream ?? defaults.Stream,
            Fields = fields,
            QuickLook = image!.Value,
            Colormap = colormap ?? defaults.Colormap,
            GzipLevel = gzip ?? defaults.GzipLevel,
        };
    }
}
