using Microsoft.Extensions.Logging;

namespace Cluster.WorkerHost;

/// <summary>
/// Structured logs: JSON lines (with scopes: run, item, attempt, worker) when output goes to a file or a collector,
/// readable lines on a terminal; <c>json</c> or <c>text</c> force one.
/// </summary>
public static class ProcessLogging
{
    public static readonly IReadOnlyList<string> Formats = ["auto", "json", "text"];

    /// <exception cref="ArgumentException">An unknown format.</exception>
    public static void Configure(ILoggingBuilder logging, string format = "auto")
    {
        var json = format.ToLowerInvariant() switch
        {
            "auto" or "" => Console.IsOutputRedirected,
            "json" => true,
            "text" => false,
            _ => throw new ArgumentException($"log format: '{format}' is not one of {string.Join(", ", Formats)} (Cluster:LogFormat / CLUSTER_LOG_FORMAT / --log-format)"),
        };
        logging.ClearProviders();
        if (json)
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        else
            // Every line carries its time in UTC, so an operator can tell when anything happened.
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
    }
}
