using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Cluster.Orchestrator.Dashboard;

/// <summary>
/// The dashboard's static files (HTML, CSS, JavaScript modules), embedded in this assembly so that the page works the
/// same from <c>cluster serve</c>, a published CLI and the container image, with no files to deploy beside it and no
/// build step. The folder is flat: every file is addressed by its name alone.
/// </summary>
public sealed class DashboardAssets
{
    private const string ResourcePrefix = "Dashboard/";

    private static readonly FrozenDictionary<string, string> MediaTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> assets) => _assets = assets;

    public IEnumerable<string> Names => _assets.Keys;

    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!MediaTypes.TryGetValue(Path.GetExtension(name), out var mediaType))
                throw new InvalidOperationException($"dashboard asset {name}: no media type for its extension (add one to DashboardAssets)");
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"dashboard asset {name}: embedded resource {resource} cannot be opened");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[name] = new DashboardAsset(name, mediaType, bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
        if (!assets.ContainsKey("index.html"))
            throw new InvalidOperationException($"the dashboard's index.html is not embedded in {assembly.GetName().Name}");
        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);
}

/// <param name="ETag">A strong validator from the content's SHA-256: browsers revalidate and get 304 until a new build changes it.</param>
public sealed record DashboardAsset(string Name, string MediaType, byte[] Content, string ETag);
