using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// Refuses a body whose announced length is over <see cref="OrchestratorOptions.MaxRequestBodyBytes"/> with a 413 problem
/// saying the limit, before anything reads it. Kestrel enforces the same limit on bodies sent without a length (chunked),
/// cutting them off while they are read.
/// </summary>
public static class RequestBodyLimit
{
    public static void Use(IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength is { } length && length > maxBytes)
            {
                await ApiProblems.TooLarge($"a request body may have at most {maxBytes} bytes (got {length}; Cluster:MaxRequestBodyBytes)")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
}
