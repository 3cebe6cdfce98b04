using System.Text.RegularExpressions;

namespace Cluster.Core.Specs;

/// <summary>
/// <c>publish: {to: DIR, name: "{parent}.png"}</c>: after each completed item, DIR/name is atomically replaced by the
/// item's newest PNG quick-look, so a beamline display can show one always-current picture per detector or folder.
/// <see cref="To"/> is an absolute directory, confined to the server's input roots at admission.
/// </summary>
/// <param name="Name">A file name template with <c>{parent}</c> (the input file's parent directory name), <c>{stem}</c>
/// (the input file name without extension) and <c>{run}</c>.</param>
public sealed partial record PublishSpec(string To, string Name)
{
    public const string DefaultName = "{stem}.png";

    private static readonly string[] Placeholders = ["parent", "stem", "run"];

    /// <summary>What is wrong with a name template, or null when it is fine.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "must not be empty";
        if (name.Contains('/') || name.Contains('\\')) return $"must be a file name, not a path (got '{name}')";
        if (name.StartsWith('.')) return $"must not start with '.' (got '{name}')";
        var unknown = Placeholder().Matches(name).Select(m => m.Groups[1].Value).FirstOrDefault(p => !Placeholders.Contains(p));
        return unknown is null ? null : $"unknown placeholder {{{unknown}}} (known: {{parent}}, {{stem}}, {{run}})";
    }

    /// <summary>The file name for one item's input; a placeholder that yields nothing (a file at the root) becomes "_".</summary>
    public string FileNameFor(string run, string inputPath)
    {
        var parent = Path.GetFileName(Path.GetDirectoryName(inputPath)) ?? "";
        var stem = Path.GetFileNameWithoutExtension(inputPath);
        return Placeholder().Replace(Name, m => m.Groups[1].Value switch
        {
            "parent" => parent.Length > 0 ? parent : "_",
            "stem" => stem.Length > 0 ? stem : "_",
            _ => run,
        });
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
