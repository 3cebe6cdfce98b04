using System.Text.Json.Nodes;

namespace Cluster.Core.Specs;

/// <summary>
/// A validated job spec. <see cref="Params"/> and <see cref="Outputs"/> stay as JSON (validated by the kind when the
/// spec was parsed) so the spec can be stored and handed to workers unchanged; <see cref="Parameters"/> is the
/// kind's typed binding of them.
/// </summary>
public sealed record JobSpec
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required InputSpec Input { get; init; }
    public JsonObject Params { get; init; } = [];
    public JsonObject Outputs { get; init; } = [];
    public int Priority { get; init; }
    public int MaxAttempts { get; init; } = 3;
    public int LeaseSeconds { get; init; } = 60;
    public string? Sample { get; init; }
    public PublishSpec? Publish { get; init; }

    /// <summary>The sample the run is filed under: the spec's <c>sample</c>, else a catalog input's sample filter.</summary>
    public string? RunSample => Sample ?? Input.Catalog?.Sample;

    /// <summary>The kind's typed parameters (e.g. <c>IqSpectrogramParameters</c>).</summary>
    public required object Parameters { get; init; }

    /// <summary>The spec as JSON, with relative input paths already resolved; parsing it again gives the same spec.</summary>
    public string ToJson()
    {
        var input = new JsonObject();
        if (Input.Directory is not null) input["directory"] = Input.Directory;
        if (Input.Glob is not null) input["glob"] = Input.Glob;
        if (Input.Items is not null) input["items"] = new JsonArray(Input.Items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        if (Input.Catalog is { } catalog)
        {
            input["catalog"] = catalog.Path;
            if (catalog.Sample is not null) input["sample"] = catalog.Sample;
            if (catalog.Plan is not null) input["plan"] = catalog.Plan;
            if (catalog.Since is { } since) input["since"] = since.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        var spec = new JsonObject
        {
            ["name"] = Name,
            ["kind"] = Kind,
            ["input"] = input,
            ["params"] = Params.DeepClone(),
            ["outputs"] = Outputs.DeepClone(),
            ["priority"] = Priority,
            ["max_attempts"] = MaxAttempts,
            ["lease_seconds"] = LeaseSeconds,
        };
        if (Sample is not null) spec["sample"] = Sample;
        if (Publish is not null) spec["publish"] = new JsonObject { ["to"] = Publish.To, ["name"] = Publish.Name };
        return spec.ToJsonString();
    }
}

/// <summary>
/// Where a run's items come from: files under <see cref="Directory"/> matching <see cref="Glob"/>, or the explicit
/// <see cref="Items"/> (paths relative to <see cref="Directory"/> when given, or keys for kinds that read no files), or
/// the runs of a beamtime <see cref="Catalog"/> (then the other three are null).
/// </summary>
public sealed record InputSpec(string? Directory, string? Glob, IReadOnlyList<string>? Items)
{
    public Inputs.CatalogInput? Catalog { get; init; }
}
