namespace Cluster.Formats.Catalog;

/// <summary>Which runs <see cref="BeamtimeCatalog.Find"/> returns; null fields do not filter.</summary>
/// <param name="Sample">Exact sample name.</param>
/// <param name="Plan">Exact plan name.</param>
/// <param name="Since">Runs that started at or after this time.</param>
/// <param name="FinishedOnly">Only runs with a stop time (a watch must not process a run that is still being written).</param>
public sealed record CatalogRunFilter(string? Sample = null, string? Plan = null, DateTimeOffset? Since = null, bool FinishedOnly = false);
