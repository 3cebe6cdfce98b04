using Cluster.Core.Kinds;
using Cluster.Core.Specs;

namespace Cluster.Processors.Nxstxm;

/// <summary>Binds a job spec's <c>params</c> and <c>outputs</c> to <see cref="NxstxmParameters"/>.</summary>
public static class NxstxmKind
{
    public static IJobKind Create() => new JobKind<NxstxmParameters>(new NxstxmProcessor(), Bind);

    public static NxstxmParameters? Bind(SpecReader p, SpecReader outputs)
    {
        var defaults = new NxstxmParameters();
        var errorsBefore = p.Errors.Count;
        var sourceName = p.String("source_name");
        var compression = p.Int("compression", min: 0, max: 9);
        var quickLook = p.Bool("quicklook");
        var formats = outputs.StringList("formats");
        if (formats is not null)
        {
            foreach (var format in formats.Where(f => !string.Equals(f, "hdf5", StringComparison.OrdinalIgnoreCase) && !string.Equals(f, "png", StringComparison.OrdinalIgnoreCase)))
                outputs.Error("formats", $"unknown output format '{format}' (nxstxm writes hdf5 and, for the quick look, png)");
            if (!formats.Contains("hdf5", StringComparer.OrdinalIgnoreCase))
                outputs.Error("formats", "must include hdf5: the NeXus file is what this kind makes");
        }
        var pngListed = formats?.Contains("png", StringComparer.OrdinalIgnoreCase);
        if (quickLook == true && pngListed == false)
            p.Error("quicklook", "is true but outputs.formats does not list png");
        if (p.Errors.Count > errorsBefore) return null;

        var parameters = new NxstxmParameters
        {
            SourceName = sourceName ?? defaults.SourceName,
            Compression = compression ?? defaults.Compression,
            QuickLook = quickLook ?? pngListed ?? defaults.QuickLook,
        };
        return p.Validate(() =>
        {
            parameters.Validate();
            return parameters;
        });
    }
}
