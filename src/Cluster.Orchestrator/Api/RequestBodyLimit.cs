using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// Refuses a body whose announced length is over <see cref="OrchestratorOptions.MaxRequestBodyBytes"/> with a 413 problem
/// saying the limit, before anything reads it. Kestrel enforces the same limit on bodies sent without a length (chunked),
/// throwing while an endpoint reads them; that is answered with the same 413 problem rather than a 500.
/// </summary>
public static class RequestBodyLimit
{
    public static void Use(IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength is { } length && length > maxBytes)
            {
                await TooLarge(maxBytes, $"got {length}; ").ExecuteAsync(context);
                return;
            }
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await TooLarge(maxBytes, "").ExecuteAsync(context);
            }
        });

    private static IResult TooLarge(long maxBytes, string got) =>
        ApiProblems.TooLarge($"a request body may have at most {maxBytes} bytes ({got}Cluster:MaxRequestBodyBytes)");
}
