using System.CommandLine;
using Cluster.Formats.Catalog;
using Cluster.Formats.Zarr;

namespace Cluster.Cli.Commands.Catalog;

/// <summary>
/// <c>cluster catalog DB recent|by-sample|show|images ...</c>: browse a beamtime catalog (SQLite + sibling Zarr store)
/// locally and read-only. A file that is not a catalog, an unknown uid or field is a usage error (exit 2); a chunk that
/// does not decode is a failure (exit 1).
/// </summary>
public static class CatalogCommand
{
    public static Command Create(Terminal terminal)
    {
        var database = new Argument<FileInfo>("database") { Description = "The beamtime catalog (.db); images are read from <stem>.zarr beside it" };
        return new Command("catalog", "Browse a beamtime catalog: recent runs, runs by sample, one run, its images")
        {
            database,
            CatalogRecentCommand.Create(terminal, database),
            CatalogBySampleCommand.Create(terminal, database),
            CatalogShowCommand.Create(terminal, database),
            CatalogImagesCommand.Create(terminal, database),
        };
    }

    /// <summary>Opens the catalog and runs <paramref name="action"/>, turning catalog errors into messages and exit codes.</summary>
    internal static int Guard(Terminal terminal, FileInfo database, Func<BeamtimeCatalog, int> action)
    {
        try
        {
            using var catalog = BeamtimeCatalog.Open(database.FullName);
            return action(catalog);
        }
        catch (Exception e) when (e is CatalogException or KeyNotFoundException or ArgumentException)
        {
            terminal.Fail(e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is ZarrFormatException or IOException)
        {
            terminal.Fail(e.Message);
            return ExitCodes.Failed;
        }
    }
}
