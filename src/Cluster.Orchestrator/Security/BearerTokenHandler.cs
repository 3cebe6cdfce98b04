using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.Orchestrator.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against <see cref="AccessTokens"/>. A refusal is a 401 problem document
/// with <c>WWW-Authenticate: Bearer</c> (RFC 6750) saying what was missing or wrong; the token itself never reaches a log.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokens tokens,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not a Bearer token"));
        if (!tokens.Accepts(header[Prefix.Length..].Trim()))
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not valid"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(SchemeName);
        string detail;
        if (tokens.Count == 0)
            detail = "this server has no API tokens configured, so it refuses every change (set Cluster:TokenFile or CLUSTER_TOKENS on the server)";
        else if (result.Failure is not null)
            detail = result.Failure.Message;
        else
            detail = "this request needs an API token: send Authorization: Bearer <token> (the CLI reads it from CLUSTER_TOKEN)";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
        // A client that accepts no JSON (an event stream asks for text/event-stream) still gets the 401 and the reason,
        // as text; without this the problem writer refuses and the refusal turns into a 500.
        if (!written) await Response.WriteAsync($"Unauthorized: {detail}\n");
    }
}
