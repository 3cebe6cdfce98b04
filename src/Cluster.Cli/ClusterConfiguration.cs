using Microsoft.Extensions.Configuration;

namespace Cluster.Cli;

/// <summary>
/// Where <c>cluster serve</c> and <c>cluster worker</c> read settings from, later sources winning:
/// <c>appsettings.json</c> beside the executable, the file named by <c>CLUSTER_CONFIG</c> (a mounted ConfigMap, say),
/// environment variables (<c>Cluster__Store</c> and the short <c>CLUSTER_*</c> ones); command-line flags win over all.
/// The table of settings is docs/configuration.md.
/// </summary>
public static class ClusterConfiguration
{
    public const string FileVariable = "CLUSTER_CONFIG";

    /// <exception cref="FileNotFoundException">CLUSTER_CONFIG names a file that does not exist.</exception>
    public static IConfigurationRoot Load()
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{FileVariable}: configuration file {path} does not exist", path);
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        return builder.AddEnvironmentVariables().Build();
    }
}
