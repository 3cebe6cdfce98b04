using System.Globalization;
using Cluster.Core.Inputs;
using Cluster.Formats.Catalog;
using Cluster.Formats.Zarr;

namespace Cluster.Processors.CatalogExport;

/// <summary>Lists catalog runs for job inputs and watches, through the read-only catalog reader; the stamp is the run's stop time.</summary>
public sealed class BeamtimeCatalogRunLister : ICatalogRunLister
{
    public IReadOnlyList<CatalogEntry> ListRuns(CatalogInput catalog, bool finishedOnly)
    {
        try
        {
            using var opened = BeamtimeCatalog.Open(catalog.Path);
            return opened.Find(new CatalogRunFilter(catalog.Sample, catalog.Plan, catalog.Since, finishedOnly))
                .Select(run => new CatalogEntry(run.Uid, run.StartedAt, run.IsFinished,
                    run.TimeStop?.ToString("R", CultureInfo.InvariantCulture)))
                .ToList();
        }
        catch (CatalogException e)
        {
            throw new ArgumentException($"input.catalog: {e.Message}", e);
        }
    }
}
