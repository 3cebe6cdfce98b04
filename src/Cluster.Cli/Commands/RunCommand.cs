using System.CommandLine;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Formats;
using Cluster.Grains.Hosting;
using Cluster.Grains.Runs;
using Cluster.Grains.Scheduling;
using Cluster.Processors;
using Cluster.Processors.CatalogExport;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster run SPEC</c>: the embedded mode. SQLite work store and artifact folder under <c>--data</c>, one silo in
/// this process with the same grains as the cluster (scheduler, run, worker), on loopback. Killed at any instant (Ctrl-C, SIGKILL), it resumes
/// where it stopped when started again: done items are not redone.
/// </summary>
public static class RunCommand
{
    public static Command Create(Terminal terminal)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "Job spec (YAML or JSON)" };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for the work store and the artifacts", DefaultValueFactory = _ => new DirectoryInfo("cluster-data") };
        var workers = new Option<int>("--workers") { Description = "Items processed at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var ignoreProgress = new Option<bool>("--ignore-progress") { Description = "Redo every item, even those already done" };
        var inputRoots = new Option<string[]>("--input-root") { Description = "Extra directories inputs may come from (the spec's folder always may)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("run", "Run a job spec on this machine: no servers, resumable") { spec, data, workers, ignoreProgress, inputRoots };
        command.SetAction((parse, ct) => RunAsync(terminal, parse.GetRequiredValue(spec), parse.GetRequiredValue(data).FullName,
            parse.GetValue(workers), parse.GetValue(ignoreProgress), parse.GetValue(inputRoots) ?? [], ct));
        return command;
    }

    public static async Task<int> RunAsync(Terminal terminal, FileInfo specFile, string dataDirectory, int workers, bool ignoreProgress,
        IReadOnlyList<string> extraRoots, CancellationToken ct)
    {
        if (workers < 1)
        {
            terminal.Fail("workers: must be at least 1");
            return ExitCodes.Usage;
        }
        var kinds = ProcessorKinds.All();
        var specDirectory = specFile.Directory!.FullName;
        var roots = new InputRoots([specDirectory, .. extraRoots]);
        JobSpec spec;
        try
        {
            spec = JobSpecParser.Parse(await File.ReadAllTextAsync(specFile.FullName, ct), kinds, specDirectory);
            // Object-store inputs are limited by the credentials in AWS_*, not by directories.
            if (spec.Input.Directory is not null && !ObjectUri.IsObjectUri(spec.Input.Directory)) roots.Resolve(spec.Input.Directory, "input.directory");
        }
        catch (Exception e) when (e is JobSpecException or ArgumentException or IOException)
        {
            terminal.Fail($"{specFile.FullName}:{Environment.NewLine}{e.Message}");
            return ExitCodes.Usage;
        }

        S3InputObjects objectInputs;
        try
        {
            objectInputs = S3InputObjects.FromEnvironment();
        }
        catch (ArgumentException e)
        {
            terminal.Fail($"object storage settings (AWS_ENDPOINT_URL, AWS_REGION, ...): {e.Message}");
            return ExitCodes.Usage;
        }
        using var disposeObjectInputs = objectInputs;

        SafeDirectory.Create(dataDirectory);
        await using var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(dataDirectory, "cluster.db")}", ct);
        var artifacts = new FileArtifactStore(Path.Combine(dataDirectory, "artifacts"));
        // One process owns this store: leases left behind were held by a previous process that is gone.
        await store.ExpireLeasesAsync(ct);
        using var signal = new ShutdownSignal(ct);
        var cluster = await EmbeddedCluster.StartAsync(store, artifacts, kinds, roots, new WorkerOptions
        {
            Slots = workers,
            Queue = workers,
            HeartbeatInterval = TimeSpan.FromSeconds(Math.Clamp(spec.LeaseSeconds / 3.0, 0.2, 5)),
            DrainTimeout = TimeSpan.FromSeconds(10),
        }, new SchedulerGrainOptions
        {
            TickInterval = TimeSpan.FromMilliseconds(100),
            RescueBackoff = TimeSpan.FromMilliseconds(200),
        }, objectInputs, new BeamtimeCatalogRunLister(), objectInputs, ct: ct);
        var submitted = await cluster.SubmitAsync(spec.Name, new SubmitRun(spec.Kind, spec.ToJson(), spec.Priority,
            spec.MaxAttempts, spec.LeaseSeconds, ignoreProgress, spec.RunSample));
        if (submitted.Refusal is not null)
        {
            await cluster.DisposeAsync();
            terminal.Fail($"run {spec.Name}: {submitted.Refusal}");
            return ExitCodes.Usage;
        }
        terminal.Error.WriteLine($"run {spec.Name}: {submitted.Outcome}" +
                                 (submitted.ItemsRequeued > 0 ? $", {submitted.ItemsRequeued} items to retry" : ""));

        var run = await RunProgress.FollowAsync(terminal, spec.Name, token => store.GetRunAsync(spec.Name, token),
            info => new RunSnapshot(info.State.IsFinished(), info.Counts.Finished, info.Counts.Total,
                $"{info.Name}: {info.Counts.Finished}/{info.Counts.Total} ({info.State.Text()})" +
                (info.Counts.Error > 0 ? $", {info.Counts.Error} errors" : "")), signal.Token);
        await cluster.DisposeAsync();
        if (run is null || !run.State.IsFinished())
        {
            terminal.Error.WriteLine($"interrupted; run `cluster run {specFile.Name}` again to resume (data in {dataDirectory})");
            return ExitCodes.Failed;
        }
        var final = await store.GetRunAsync(spec.Name, CancellationToken.None) ?? run;
        terminal.Output.WriteLine($"run {final.Name}: {final.State.Text()} ({final.Counts.Done} done, {final.Counts.NoData} no data, {final.Counts.Error} errors)");
        terminal.Output.WriteLine($"artifacts: {Path.Combine(dataDirectory, "artifacts", "runs", final.Name)}");
        foreach (var failed in await store.ListItemsAsync(final.Id, ItemState.Error, null, 0, 20, CancellationToken.None))
            terminal.Error.WriteLine($"  error {failed.Key}: {failed.Error}");
        return final.State == RunState.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
