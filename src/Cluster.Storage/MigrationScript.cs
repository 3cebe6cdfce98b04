using System.Reflection;
using System.Text.RegularExpressions;

namespace Cluster.Storage;

/// <summary>One versioned schema change, embedded as <c>Migrations/{dialect}/NNNN_name.sql</c>.</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>The dialect's scripts in version order; a misnamed or duplicated version is a build mistake, so it throws.</summary>
    public static IReadOnlyList<MigrationScript> Load(string dialect)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var prefix = $"Migrations/{dialect}/";
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..]))
            .OrderBy(s => s.Version)
            .ToList();
        if (scripts.Count == 0)
            throw new InvalidOperationException($"no embedded migrations under {prefix}");
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two migrations with version {duplicate.Key} under {prefix}");
        return scripts;
    }

    private static MigrationScript Read(Assembly assembly, string resource, string fileName)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
            throw new InvalidOperationException($"migration {resource}: name must be NNNN_description.sql");
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return new MigrationScript(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
