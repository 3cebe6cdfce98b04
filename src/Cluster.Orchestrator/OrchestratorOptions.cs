using Microsoft.Extensions.Configuration;

namespace Cluster.Orchestrator;

/// <summary>
/// Settings of the orchestrator process. Bound from the <c>Cluster</c> configuration section (<c>Cluster:Store</c>,
/// or <c>Cluster__Store</c> in the environment), with the short environment variables <c>CLUSTER_STORE</c>,
/// <c>CLUSTER_ARTIFACTS</c>, <c>CLUSTER_TOKENS</c> (comma-separated), <c>CLUSTER_TOKEN_FILE</c> and
/// <c>CLUSTER_INPUT_ROOTS</c> and <c>CLUSTER_INPUT_BUCKETS</c> (comma-separated) filling what the section leaves empty.
/// </summary>
public sealed class OrchestratorOptions
{
    public const string Section = "Cluster";

    /// <summary>Room for a watch request carrying a spec template of the largest size (1 MiB) escaped as JSON.</summary>
    public const int DefaultMaxRequestBodyBytes = 2 << 20;

    /// <summary>Work store connection: <c>postgres://...</c>, <c>sqlite:///path.db</c> (see WorkStores.AcceptedForms).</summary>
    public string Store { get; set; } = "";

    /// <summary>Artifact store URI, <c>file:///path</c>.</summary>
    public string Artifacts { get; set; } = "";

    /// <summary>Directories job inputs must stay inside; relative <c>input.directory</c> paths start at the first.</summary>
    public List<string> InputRoots { get; set; } = [];

    /// <summary>
    /// Buckets <c>s3://</c> inputs and watch sources may name; empty allows every bucket the orchestrator's and workers'
    /// credentials (<c>AWS_*</c> variables) can read.
    /// </summary>
    public List<string> InputBuckets { get; set; } = [];

    /// <summary>A file with one API token per line (blank lines and lines starting with '#' are skipped).</summary>
    public string? TokenFile { get; set; }

    /// <summary>API tokens given directly (prefer <see cref="TokenFile"/>: environment variables leak into process listings).</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>When true, reads need a token too; mutations always do.</summary>
    public bool ReadRequiresToken { get; set; }

    /// <summary>How often the scheduler expands, rescues and finalises.</summary>
    public double SchedulerTickSeconds { get; set; } = 0.5;

    /// <summary>
    /// Slots of a worker in this process (0: none, the default). For one-machine installations and tests: the
    /// orchestrator silo then also runs the worker grain service.
    /// </summary>
    public int WorkerSlots { get; set; }

    /// <summary>Parent of the per-item scratch directories of that worker (default: the temp directory).</summary>
    public string? ScratchRoot { get; set; }

    /// <summary>How this silo joins the cluster (<c>Cluster:Silo</c>): port, advertised address, failure detection.</summary>
    public Grains.Hosting.ClusterSiloOptions Silo { get; set; } = new();

    /// <summary><c>auto</c> (JSON lines when output is redirected), <c>json</c> or <c>text</c>; env <c>CLUSTER_LOG_FORMAT</c>.</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>
    /// Largest request body any endpoint accepts; a longer one is refused (413) before it is read, so nobody can make
    /// the server buffer megabytes it will refuse anyway. Job specs have their own, smaller limit (1 MiB).
    /// </summary>
    public int MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    public static OrchestratorOptions Bind(IConfiguration configuration)
    {
        var options = new OrchestratorOptions();
        configuration.GetSection(Section).Bind(options);
        if (options.Store.Length == 0) options.Store = configuration["CLUSTER_STORE"] ?? "";
        if (options.Artifacts.Length == 0) options.Artifacts = configuration["CLUSTER_ARTIFACTS"] ?? "";
        options.TokenFile ??= configuration["CLUSTER_TOKEN_FILE"];
        if (options.Tokens.Count == 0) options.Tokens = CommaSeparated(configuration["CLUSTER_TOKENS"]);
        if (options.InputRoots.Count == 0) options.InputRoots = CommaSeparated(configuration["CLUSTER_INPUT_ROOTS"]);
        if (options.InputBuckets.Count == 0) options.InputBuckets = CommaSeparated(configuration["CLUSTER_INPUT_BUCKETS"]);
        if (configuration[$"{Section}:LogFormat"] is null && configuration["CLUSTER_LOG_FORMAT"] is { Length: > 0 } format)
            options.LogFormat = format;
        return options;
    }

    /// <summary>Environment variables plus <c>--Cluster:Store=...</c> style arguments, as <c>cluster serve</c> reads them.</summary>
    public static OrchestratorOptions FromEnvironment(string[]? args = null) =>
        Bind(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args ?? []).Build());

    /// <summary>Names every missing or malformed setting with the variable that sets it.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Store))
            problems.Add("store: set Cluster:Store or CLUSTER_STORE (e.g. postgres://user@host/cluster or sqlite:///srv/cluster.db)");
        if (string.IsNullOrWhiteSpace(Artifacts))
            problems.Add("artifacts: set Cluster:Artifacts or CLUSTER_ARTIFACTS (e.g. file:///srv/cluster/artifacts)");
        if (InputRoots.Count == 0)
            problems.Add("input roots: set Cluster:InputRoots or CLUSTER_INPUT_ROOTS (comma-separated directories)");
        if (TokenFile is not null && !File.Exists(TokenFile))
            problems.Add($"token file: {TokenFile} does not exist (Cluster:TokenFile / CLUSTER_TOKEN_FILE)");
        if (!OrchestratorLogging.IsValid(LogFormat))
            problems.Add($"log format: '{LogFormat}' is not one of auto, json, text (Cluster:LogFormat / CLUSTER_LOG_FORMAT)");
        if (!(SchedulerTickSeconds > 0))
            problems.Add($"scheduler tick: must be a positive number of seconds (got {SchedulerTickSeconds})");
        if (MaxRequestBodyBytes < Api.RunEndpoints.MaxSpecBytes)
            problems.Add($"max request body: must be at least {Api.RunEndpoints.MaxSpecBytes} bytes, the size of the largest job spec (got {MaxRequestBodyBytes}; Cluster:MaxRequestBodyBytes)");
        if (problems.Count > 0) throw new InvalidOrchestratorOptionsException(problems);
    }

    private static List<string> CommaSeparated(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
