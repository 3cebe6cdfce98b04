using System.Text.Json.Nodes;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// Validates a watch request and turns its spec template into the watch's run spec: the template is a job spec
/// without <c>input</c> (the watch supplies it as <c>{directory: source, glob: pattern}</c>) whose <c>name</c> is
/// the watch's name. The name is the one given, else the template's, else the source directory's own name. A source is
/// a directory inside the input roots, a beamtime catalog file there (input <c>{catalog: file, sample: the template's
/// sample}</c>; the pattern is not used), or an <c>s3://bucket/prefix</c> in one of the input <paramref name="buckets"/>.
/// </summary>
public sealed class WatchAdmission(JobKindCatalog kinds, InputRoots roots, InputBuckets? buckets = null)
{
    public const int MaxSettleSeconds = 3600;

    /// <exception cref="JobSpecException">Every problem, with the field it concerns (source, settle_seconds, or the template field).</exception>
    public WatchDefinition Admit(string? name, string source, string? pattern, int settleSeconds, string template)
    {
        var errors = new List<SpecError>();
        var document = SpecDocument.Parse(template);
        if (document.Root is not JsonObject root)
            throw new JobSpecException([new SpecError("spec", 1, "must be a mapping with kind, params and outputs")]);
        if (root.ContainsKey("input"))
            errors.Add(new SpecError("input", document.LineOf("input"), "a watch supplies the input (its source and pattern): remove input from the template"));
        if (settleSeconds is < 0 or > MaxSettleSeconds)
            errors.Add(new SpecError("settle_seconds", 0, $"must be between 0 and {MaxSettleSeconds} (got {settleSeconds})"));

        string? directory = null;
        var catalog = false;
        if (ObjectUri.IsObjectUri(source))
        {
            // Whether the bucket exists is found by the first listing, which reports it in the log on every rescan.
            try
            {
                var prefix = ObjectUri.Parse(source, "source");
                (buckets ?? InputBuckets.Any).Check(prefix, "source");
                directory = prefix.ToString();
            }
            catch (ArgumentException e)
            {
                errors.Add(new SpecError("source", 0, e.Message["source: ".Length..]));
            }
        }
        else
        {
            try
            {
                directory = roots.Resolve(source, "source");
                // A file is a beamtime catalog: its finished runs become the items.
                catalog = File.Exists(directory);
                if (!catalog && !Directory.Exists(directory))
                    errors.Add(new SpecError("source", 0, $"{source} does not exist or is not a directory (or a catalog file) on the server"));
            }
            catch (ArgumentException e)
            {
                errors.Add(new SpecError("source", 0, e.Message["source: ".Length..]));
            }
        }

        var watchName = name ?? (root["name"] as JsonValue)?.ToString() ?? Path.GetFileName(source.TrimEnd('/'));
        root["name"] = watchName;
        root["input"] = catalog
            // The template's sample also selects the catalog's runs.
            ? new JsonObject { ["catalog"] = directory, ["sample"] = root["sample"]?.DeepClone() }
            : new JsonObject { ["directory"] = directory ?? source, ["glob"] = pattern ?? "*" };
        if (catalog && root["sample"] is null) ((JsonObject)root["input"]!).Remove("sample");
        JobSpec? spec = null;
        try
        {
            spec = JobSpecParser.Parse(root.ToJsonString(), kinds);
        }
        catch (JobSpecException e)
        {
            // Lines refer to the JSON the template became, not to the user's text: report fields only.
            errors.AddRange(e.Errors.Where(x => !errors.Any(y => y.Field == x.Field)).Select(x => x with { Line = document.LineOf(x.Field) }));
        }
        if (spec?.Publish is { } publish)
        {
            // Published quick-looks are written by the workers: confined to the input roots like the watched files.
            try
            {
                spec = spec with { Publish = publish with { To = roots.Resolve(publish.To, "publish.to") } };
            }
            catch (ArgumentException e)
            {
                errors.Add(new SpecError("publish.to", document.LineOf("publish.to"), e.Message["publish.to: ".Length..]));
            }
        }
        if (errors.Count > 0 || spec is null) throw new JobSpecException(errors);
        return new WatchDefinition(spec.Name, directory!, spec.Input.Glob ?? "*", settleSeconds, spec.Kind, spec.ToJson(),
            spec.Priority, spec.MaxAttempts, spec.LeaseSeconds, spec.RunSample);
    }
}
