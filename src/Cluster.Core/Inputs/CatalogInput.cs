namespace Cluster.Core.Inputs;

/// <summary>
/// A run input that is a beamtime catalog: one item per matching catalog run. The item key is the run's uid and the
/// item's input is the catalog file (its real path, confined to the input roots like directories), so a processor
/// opens the catalog and reads the run named by its key.
/// </summary>
/// <param name="Path">The catalog database (<c>.db</c>); images are in the <c>.zarr</c> store beside it.</param>
/// <param name="Sample">Only runs of this sample (exact name); also the run's sample in the work store.</param>
/// <param name="Plan">Only runs of this plan.</param>
/// <param name="Since">Only runs started at or after this time.</param>
public sealed record CatalogInput(string Path, string? Sample = null, string? Plan = null, DateTimeOffset? Since = null)
{
    /// <summary>The filters of a stored (already validated) run spec's catalog input, for the catalog at <paramref name="path"/>.</summary>
    public static CatalogInput FromRunSpec(string specJson, string path)
    {
        var input = System.Text.Json.Nodes.JsonNode.Parse(specJson)?["input"];
        string? Text(string name) => input?[name]?.GetValue<string>();
        var since = Text("since") is { } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal)
            : (DateTimeOffset?)null;
        return new CatalogInput(path, Text("sample"), Text("plan"), since);
    }
}

/// <summary>A catalog run as an input: its uid and whether it has ended (only ended runs are processed).</summary>
public sealed record CatalogEntry(string Uid, DateTimeOffset StartedAt, bool Finished, string? Stamp);

/// <summary>Lists the runs of a beamtime catalog; implemented with the catalog reader (Cluster.Formats), which Core does not know.</summary>
public interface ICatalogRunLister
{
    /// <summary>The catalog's runs matching the filters, oldest first.</summary>
    /// <param name="finishedOnly">Leave out runs still being written (no stop time yet).</param>
    /// <exception cref="ArgumentException">Not a beamtime catalog (not SQLite, unknown schema version); the message names the file.</exception>
    /// <exception cref="IOException">The catalog could not be read.</exception>
    IReadOnlyList<CatalogEntry> ListRuns(CatalogInput catalog, bool finishedOnly);
}

/// <summary>Expands a catalog input into items: one per finished matching run, keyed by uid, oldest first.</summary>
public static class CatalogInputs
{
    /// <exception cref="ArgumentException">The path leaves the input roots, is missing, or is not a catalog; or no lister in this process.</exception>
    public static IReadOnlyList<Work.NewItem> Expand(CatalogInput catalog, InputRoots roots, ICatalogRunLister? catalogs)
    {
        if (catalogs is null)
            throw new ArgumentException($"input.catalog: {catalog.Path}: this process cannot read beamtime catalogs");
        var path = roots.Resolve(catalog.Path, "input.catalog");
        if (!File.Exists(path))
            throw new ArgumentException($"input.catalog: {catalog.Path} does not exist or is not a file");
        // Runs still being written are left out: their items would read half a run. A watch picks them up once they end.
        return catalogs.ListRuns(catalog with { Path = path }, finishedOnly: true)
            .Select(run => new Work.NewItem(run.Uid, path))
            .ToList();
    }
}
