using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// Validates a submitted spec text: the parser's checks, then its input paths against the server's input roots
/// (a relative <c>input.directory</c> starts at the first root), all reported together. The accepted spec carries
/// the resolved absolute directory, so the stored run does not depend on how the roots are configured later. An
/// <c>s3://bucket/prefix</c> directory is checked against the input buckets instead.
/// </summary>
public sealed class SpecAdmission(JobKindCatalog kinds, InputRoots roots, InputBuckets? buckets = null)
{
    /// <exception cref="JobSpecException">Every problem, with field path and line.</exception>
    public JobSpec Admit(string text)
    {
        var errors = new List<SpecError>();
        JobSpec? spec = null;
        try
        {
            spec = JobSpecParser.Parse(text, kinds);
        }
        catch (JobSpecException e) when (e.Errors.All(x => x.Field != "spec"))
        {
            // The document is readable: check its paths too, so the user sees every problem in one answer.
            errors.AddRange(e.Errors);
        }
        var document = SpecDocument.Parse(text);
        var input = spec?.Input ?? InputAsWritten(document);
        var kindName = spec?.Kind ?? (document.Root?["kind"] as JsonValue)?.ToString();
        var readsFiles = kindName is not null && kinds.TryGet(kindName, out var kind) && kind.ReadsFiles;
        var reported = errors.Select(e => e.Field).ToHashSet();

        string? directory = null;
        var inObjectStore = input.Directory is not null && ObjectUri.IsObjectUri(input.Directory);
        if (inObjectStore && !reported.Contains("input.directory"))
            directory = CheckBucket(input.Directory!, document, errors);
        else if (input.Directory is not null && !reported.Contains("input.directory"))
        {
            directory = Resolve(input.Directory, "input.directory", document, errors);
            if (directory is not null && input.Items is null && !Directory.Exists(directory))
                errors.Add(Error(document, "input.directory", $"{input.Directory} does not exist or is not a directory on the server"));
        }
        // Items below an s3:// directory are keys in that bucket: the bucket check covers them.
        if (input.Items is not null && readsFiles && !inObjectStore)
        {
            for (var i = 0; i < input.Items.Count; i++)
            {
                var item = input.Items[i];
                var path = directory is not null && !Path.IsPathRooted(item) ? Path.Combine(directory, item) : item;
                if (!reported.Contains($"input.items[{i}]")) Resolve(path, $"input.items[{i}]", document, errors);
            }
        }
        // A beamtime catalog is a file inside the input roots, like the files of a directory input.
        string? catalog = null;
        if (input.Catalog is { } catalogInput && !reported.Contains("input.catalog"))
        {
            catalog = Resolve(catalogInput.Path, "input.catalog", document, errors);
            if (catalog is not null && !File.Exists(catalog))
                errors.Add(Error(document, "input.catalog", $"{catalogInput.Path} does not exist or is not a file on the server"));
        }
        // Published quick-looks are written by the workers: confined to the input roots like everything they touch.
        var publishTo = spec?.Publish is { } publish && !reported.Contains("publish.to") ? Resolve(publish.To, "publish.to", document, errors) : null;
        if (errors.Count > 0 || spec is null) throw new JobSpecException(errors);
        if (publishTo is not null) spec = spec with { Publish = spec.Publish! with { To = publishTo } };
        if (catalog is not null) spec = spec with { Input = spec.Input with { Catalog = spec.Input.Catalog! with { Path = catalog } } };
        return directory is null ? spec : spec with { Input = spec.Input with { Directory = directory } };
    }

    /// <summary>The input paths of a spec the parser rejected, where they are plain text; the rest is left to the parser's errors.</summary>
    private static InputSpec InputAsWritten(SpecDocument document)
    {
        var input = document.Root?["input"] as JsonObject;
        var directory = input?["directory"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        var items = input?["items"] is JsonArray list && list.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? list.Select(i => i!.GetValue<string>()).ToList()
            : null;
        return new InputSpec(directory, null, items);
    }

    /// <summary>An existing bucket and prefix are left to the expansion, which fails the run naming what the store said.</summary>
    private string? CheckBucket(string uri, SpecDocument document, List<SpecError> errors)
    {
        try
        {
            var directory = ObjectUri.Parse(uri, "input.directory");
            (buckets ?? InputBuckets.Any).Check(directory, "input.directory");
            return directory.ToString();
        }
        catch (ArgumentException e)
        {
            errors.Add(Error(document, "input.directory", e.Message["input.directory: ".Length..]));
            return null;
        }
    }

    private string? Resolve(string path, string field, SpecDocument document, List<SpecError> errors)
    {
        try
        {
            return roots.Resolve(path, field);
        }
        catch (ArgumentException e)
        {
            // InputRoots prefixes its message with the field, which SpecError carries separately.
            var message = e.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? e.Message[(field.Length + 2)..] : e.Message;
            errors.Add(Error(document, field, message));
            return null;
        }
    }

    private static SpecError Error(SpecDocument document, string field, string message) => new(field, document.LineOf(field), message);
}
