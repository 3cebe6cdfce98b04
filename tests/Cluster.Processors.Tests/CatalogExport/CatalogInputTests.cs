using Cluster.Core.Inputs;
using Cluster.Core.Specs;
using Cluster.Core.Watching;
using Cluster.Processors.CatalogExport;
using Cluster.TestSupport;
using Microsoft.Data.Sqlite;

namespace Cluster.Processors.Tests.CatalogExport;

/// <summary>Catalog job inputs: the spec syntax, one item per matching finished run, and a watch that sees runs end.</summary>
public sealed class CatalogInputTests : IDisposable
{
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";
    private const string RunC = "5eed0000000000000000000000000005";
    private readonly TempDirectory _directory = new();

    private string CopyOfFixture()
    {
        var db = _directory.File("beamtime.db");
        File.Copy(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"), db);
        File.SetAttributes(db, FileAttributes.Normal);
        return db;
    }

    private static JobSpec Parse(string yaml, string? baseDirectory = null) => JobSpecParser.Parse(yaml, ProcessorKinds.All(), baseDirectory);

    [Fact]
    public void The_spec_reads_catalog_sample_plan_and_since_and_round_trips()
    {
        var spec = Parse("""
            name: export-ps
            kind: catalog-export
            input:
              catalog: beamtime.db
              sample: PS
              plan: ccd_scan
              since: 2026-03-05T08:41:00Z
            params: {quicklook: last}
            """, "/data/beamtime");
        Assert.Equal(new CatalogInput("/data/beamtime/beamtime.db", "PS", "ccd_scan", new DateTimeOffset(2026, 3, 5, 8, 41, 0, TimeSpan.Zero)), spec.Input.Catalog);
        Assert.Equal("PS", spec.RunSample);
        Assert.Equal(QuickLookImage.Last, ((CatalogExportParameters)spec.Parameters).QuickLook);
        Assert.Equal(spec.Input.Catalog, Parse(spec.ToJson()).Input.Catalog);
        Assert.Equal(1772700000, Parse("name: a\nkind: catalog-export\ninput: {catalog: /x.db, since: 1772700000}\n").Input.Catalog!.Since!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void Bad_catalog_inputs_are_rejected_with_the_field()
    {
        var mixed = Assert.Throws<JobSpecException>(() => Parse("name: a\nkind: catalog-export\ninput: {catalog: /x.db, directory: /data}\n"));
        Assert.Contains(mixed.Errors, e => e.Field == "input.catalog" && e.Message.Contains("takes no directory"));
        var since = Assert.Throws<JobSpecException>(() => Parse("name: a\nkind: catalog-export\ninput: {catalog: /x.db, since: yesterday}\n"));
        Assert.Contains(since.Errors, e => e.Field == "input.since" && e.Line == 3);
        var quicklook = Assert.Throws<JobSpecException>(() => Parse("name: a\nkind: catalog-export\ninput: {catalog: /x.db}\nparams: {quicklook: mean}\n"));
        Assert.Contains(quicklook.Errors, e => e.Field == "params.quicklook");
    }

    [Fact]
    public async Task A_catalog_input_expands_to_one_item_per_matching_finished_run_keyed_by_uid()
    {
        var db = CopyOfFixture();
        var roots = new InputRoots([_directory.Path]);
        var kind = ProcessorKinds.All().Get("catalog-export");
        var lister = new BeamtimeCatalogRunLister();
        async Task<string[]> Keys(string yaml) =>
            (await InputExpander.ExpandAsync(Parse(yaml, _directory.Path).Input, kind, roots, null, catalogs: lister)).Select(i => i.Key).ToArray();

        Assert.Equal([RunA, RunB, RunC], await Keys("name: a\nkind: catalog-export\ninput: {catalog: beamtime.db}\n"));
        Assert.Equal([RunA, RunB], await Keys("name: a\nkind: catalog-export\ninput: {catalog: beamtime.db, sample: PS}\n"));
        Assert.Equal([RunB, RunC], await Keys("name: a\nkind: catalog-export\ninput: {catalog: beamtime.db, since: 1772700100}\n"));
        var items = await InputExpander.ExpandAsync(Parse("name: a\nkind: catalog-export\ninput: {catalog: beamtime.db, plan: ccd_scan}\n", _directory.Path).Input, kind, roots, null, catalogs: lister);
        Assert.Equal(db, Assert.Single(items).Input);

        var outside = await Assert.ThrowsAsync<ArgumentException>(() => InputExpander.ExpandAsync(
            Parse("name: a\nkind: catalog-export\ninput: {catalog: /etc/passwd}\n").Input, kind, roots, null, catalogs: lister));
        Assert.Contains("outside the input roots", outside.Message);
        File.WriteAllText(_directory.File("notes.db"), "plain text, not a catalog at all ...........................................");
        var notCatalog = await Assert.ThrowsAsync<ArgumentException>(() => InputExpander.ExpandAsync(
            Parse("name: a\nkind: catalog-export\ninput: {catalog: notes.db}\n", _directory.Path).Input, kind, roots, null, catalogs: lister));
        Assert.Contains("not a readable SQLite database", notCatalog.Message);
    }

    [Fact]
    public async Task A_watched_catalog_reports_runs_once_they_have_ended()
    {
        var db = CopyOfFixture();
        using var source = new CatalogRunSource(new BeamtimeCatalogRunLister(), new CatalogInput(db));
        Assert.Equal([RunA, RunB, RunC], (await source.ScanAsync(CancellationToken.None)).Select(o => o.RelativePath));

        const string RunD = "5eed0000000000000000000000000007";
        Execute(db, $"INSERT INTO runs (uid, plan_name, time_start, num_events, metadata) VALUES ('{RunD}', 'nexafs', 1772700300, 0, '{{}}')");
        var whileOpen = await source.ScanAsync(CancellationToken.None);
        Assert.DoesNotContain(whileOpen, o => o.RelativePath == RunD);

        Execute(db, $"UPDATE runs SET time_stop = 1772700310.5, exit_status = 'success' WHERE uid = '{RunD}'");
        var ended = Assert.Single(await source.ScanAsync(CancellationToken.None), o => o.RelativePath == RunD);
        Assert.Equal(db, ended.Input);
        Assert.Equal("1772700310.5", ended.Stamp);
    }

    [Fact]
    public async Task A_watch_on_a_catalog_file_takes_the_templates_sample_as_its_filter()
    {
        var db = CopyOfFixture();
        var admission = new WatchAdmission(ProcessorKinds.All(), new InputRoots([_directory.Path]));
        var watch = admission.Admit("ps-live", db, null, 2, "kind: catalog-export\nsample: PS\nparams: {quicklook: last}\n");
        Assert.Equal(db, watch.Source);
        Assert.Equal("PS", watch.Sample);
        var spec = JobSpecParser.Parse(watch.SpecJson, ProcessorKinds.All());
        Assert.Equal(new CatalogInput(db, "PS"), spec.Input.Catalog);

        var info = new Core.Work.WatchInfo(watch.Name, watch.Source, watch.Pattern, watch.SettleSeconds, watch.Kind, watch.SpecJson,
            DateTimeOffset.UtcNow, 0, 0);
        using var source = WatchSources.Open(info, new InputRoots([_directory.Path]), catalogs: new BeamtimeCatalogRunLister());
        Assert.IsType<CatalogRunSource>(source);
        Assert.Equal([RunA, RunB], (await source.ScanAsync(CancellationToken.None)).Select(o => o.RelativePath));

        var missing = Assert.Throws<JobSpecException>(() => admission.Admit("x", _directory.File("nope.db"), null, 2, "kind: catalog-export\n"));
        Assert.Contains(missing.Errors, e => e.Field == "source");
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
