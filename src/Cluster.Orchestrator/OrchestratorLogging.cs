using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator;

/// <summary>
/// Structured logs for the orchestrator, as for workers: JSON lines with scopes when output is redirected (a container
/// runtime, a file), readable lines on a terminal; <c>json</c> or <c>text</c> force one (<c>Cluster:LogFormat</c>).
/// </summary>
public static class OrchestratorLogging
{
    public static readonly IReadOnlyList<string> Formats = ["auto", "json", "text"];

    public static bool IsValid(string format) => Formats.Contains(format.ToLowerInvariant());

    public static void Configure(ILoggingBuilder logging, string format)
    {
        var json = format.ToLowerInvariant() switch
        {
            "json" => true,
            "text" => false,
            _ => Console.IsOutputRedirected,
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
