using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;

namespace Cluster.Core.Specs;

/// <summary>
/// Parses and validates a job spec (YAML or JSON). Every problem is reported with its line and field path, e.g.
/// <c>line 9: params.lframes: must be a power of two (got 1000)</c>, as a <see cref="JobSpecException"/>.
/// </summary>
public static partial class JobSpecParser
{
    public const int MaxLeaseSeconds = 24 * 3600;

    /// <param name="text">The spec document.</param>
    /// <param name="kinds">The job kinds this installation runs; they validate <c>params</c> and <c>outputs</c>.</param>
    /// <param name="baseDirectory">Relative <c>input.directory</c> paths are resolved against it (the spec file's folder).</param>
    public static JobSpec Parse(string text, JobKindCatalog kinds, string? baseDirectory = null)
    {
        var document = SpecDocument.Parse(text);
        if (document.Root is not JsonObject root)
            throw new JobSpecException([new SpecError("spec", 1, "must be a mapping with name, kind, input, params")]);
        var spec = new SpecReader(document, root, "");

        var name = spec.String("name", required: true);
        if (name is not null && !RunName().IsMatch(name))
            spec.Error("name", $"must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit (got '{name}')");
        var kindName = spec.String("kind", required: true);
        IJobKind? kind = null;
        if (kindName is not null && !kinds.TryGet(kindName, out kind))
            spec.Error("kind", $"unknown kind '{kindName}' (known: {string.Join(", ", kinds.Names)})");

        var input = ReadInput(spec, baseDirectory);
        var priority = spec.Int("priority", min: -1000, max: 1000) ?? 0;
        var maxAttempts = spec.Int("max_attempts", min: 1, max: 100) ?? 3;
        var leaseSeconds = spec.Int("lease_seconds", min: 1, max: MaxLeaseSeconds) ?? 60;
        var sample = spec.String("sample");
        var publish = ReadPublish(spec);
        var parameters = spec.ObjectOrEmpty("params");
        var outputs = spec.ObjectOrEmpty("outputs");
        object? bound = null;
        if (kind is not null)
        {
            bound = kind.BindParameters(parameters, outputs);
            parameters.RejectUnknown();
            outputs.RejectUnknown();
        }
        spec.RejectUnknown();
        spec.ThrowIfInvalid();

        return new JobSpec
        {
            Name = name!,
            Kind = kindName!,
            Input = input!,
            Params = parameters.Mapping,
            Outputs = outputs.Mapping,
            Priority = priority,
            MaxAttempts = maxAttempts,
            LeaseSeconds = leaseSeconds,
            Sample = sample,
            Publish = publish,
            Parameters = bound ?? throw new InvalidOperationException($"kind {kindName} bound no parameters"),
        };
    }

    private static InputSpec? ReadInput(SpecReader spec, string? baseDirectory)
    {
        var input = spec.Object("input", required: true);
        if (input is null) return null;
        var directory = input.String("directory");
        var glob = input.String("glob");
        var items = input.StringList("items");
        if (input.Has("catalog"))
            return ReadCatalogInput(input, directory, glob, items, baseDirectory);
        input.RejectUnknown();
        if (directory is null && items is null)
        {
            input.Error("directory", "give a directory (with a glob), a list of items, or a catalog");
            return null;
        }
        if (glob is not null && items is not null)
            input.Error("glob", "use either a glob or a list of items, not both");
        if (items is { Count: 0 })
            input.Error("items", "the list is empty");
        if (glob is not null && (glob.Length == 0 || glob.StartsWith('/') || glob.Split('/').Contains("..")))
            input.Error("glob", $"must be a relative pattern such as *.tiq or **/*.tiq (got '{glob}')");
        if (directory is not null && ObjectUri.IsObjectUri(directory))
        {
            try
            {
                directory = ObjectUri.Parse(directory, "input.directory").ToString();
            }
            catch (ArgumentException e)
            {
                input.Error("directory", e.Message["input.directory: ".Length..]);
            }
        }
        else if (directory is not null && baseDirectory is not null && !Path.IsPathRooted(directory))
            directory = Path.GetFullPath(Path.Combine(baseDirectory, directory));
        return new InputSpec(directory, directory is not null && items is null ? glob ?? "*" : glob, items);
    }

    /// <summary><c>input: {catalog: PATH, sample:, plan:, since:}</c>: the runs of a beamtime catalog; since is ISO 8601 or unix seconds.</summary>
    private static InputSpec? ReadCatalogInput(SpecReader input, string? directory, string? glob, IReadOnlyList<string>? items, string? baseDirectory)
    {
        var path = input.String("catalog", required: true);
        var sample = input.String("sample");
        var plan = input.String("plan");
        DateTimeOffset? since = null;
        if (input.String("since") is { } text)
        {
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                since = DateTimeOffset.UnixEpoch.AddSeconds(seconds);
            else if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                         System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time))
                since = time;
            else
                input.Error("since", $"must be an ISO 8601 time (2026-03-05T08:00:00Z) or unix seconds (got '{text}')");
        }
        input.RejectUnknown();
        if (directory is not null || glob is not null || items is not null)
            input.Error("catalog", "a catalog input takes no directory, glob or items");
        if (path is null) return null;
        if (ObjectUri.IsObjectUri(path))
        {
            input.Error("catalog", $"must be a local file (got '{path}')");
            return null;
        }
        if (baseDirectory is not null && !Path.IsPathRooted(path))
            path = Path.GetFullPath(Path.Combine(baseDirectory, path));
        return new InputSpec(null, null, null) { Catalog = new CatalogInput(path, sample, plan, since) };
    }

    /// <summary>Optional; <c>to</c> must be absolute here, and is confined to the input roots by whoever admits the spec.</summary>
    private static PublishSpec? ReadPublish(SpecReader spec)
    {
        if (!spec.Has("publish")) return null;
        var publish = spec.Object("publish");
        if (publish is null) return null;
        var to = publish.String("to", required: true);
        var name = publish.String("name") ?? PublishSpec.DefaultName;
        publish.RejectUnknown();
        if (to is not null && !Path.IsPathRooted(to))
            publish.Error("to", $"must be an absolute directory (got '{to}')");
        if (PublishSpec.Problem(name) is { } problem)
            publish.Error("name", problem);
        return to is null ? null : new PublishSpec(to, name);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex RunName();
}
