using System.Net;
using Cluster.Client;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// How a failed call ends a client command: the server's problem (with every field/line error of a rejected spec)
/// on standard error, exit 2 for what the user can fix (bad spec, missing token, unknown run, wrong state) and
/// exit 1 when the server failed or could not be reached.
/// </summary>
public static class ApiFailureReport
{
    /// <summary>Runs a client call, turning API and connection failures into messages and exit codes.</summary>
    public static async Task<int> GuardAsync(Terminal terminal, string server, Func<Task<int>> call)
    {
        try
        {
            return await call();
        }
        catch (ClusterApiException e)
        {
            return Report(terminal, e);
        }
        catch (HttpRequestException e)
        {
            terminal.Fail($"cannot reach the orchestrator at {server}: {e.Message} (set --server or CLUSTER_SERVER)");
            return ExitCodes.Failed;
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            terminal.Fail($"the orchestrator at {server} did not answer in time");
            return ExitCodes.Failed;
        }
        catch (ArgumentException e)
        {
            terminal.Fail(e.Message);
            return ExitCodes.Usage;
        }
    }

    public static int Report(Terminal terminal, ClusterApiException e)
    {
        switch (e.Status)
        {
            case HttpStatusCode.BadRequest when e.Errors.Count > 0:
                terminal.Fail($"{e.Problem.Title ?? "rejected"}:");
                foreach (var error in e.Errors)
                    terminal.Error.WriteLine($"  {error}");
                return ExitCodes.Usage;
            case HttpStatusCode.Unauthorized:
                // The server's detail may already say where the token goes; the hint is given once.
                var detail = e.Problem.Detail ?? "not authorised";
                terminal.Fail(detail.Contains(ServerConnection.TokenVariable, StringComparison.Ordinal)
                    ? detail
                    : $"{detail} (give the API token in {ServerConnection.TokenVariable} or --token)");
                return ExitCodes.Usage;
            case >= HttpStatusCode.InternalServerError:
                terminal.Fail($"server error: {e.Message}");
                return ExitCodes.Failed;
            default:
                terminal.Fail(e.Problem.Detail ?? e.Message);
                return ExitCodes.Usage;
        }
    }
}
