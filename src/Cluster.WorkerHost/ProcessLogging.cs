using Microsoft.Extensions.Logging;

namespace Cluster.WorkerHost;

/// <summary>Structured logs: JSON lines when output goes to a file or a collector, readable lines on a terminal.</summary>
public static class ProcessLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Console.IsOutputRedirected)
            logging.AddJsonConsole(o => o.IncludeScopes = true);
        else
            logging.AddSimpleConsole(o => o.SingleLine = true);
    }
}
