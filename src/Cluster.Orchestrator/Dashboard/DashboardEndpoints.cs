using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Dashboard;

/// <summary>
/// <c>GET /</c> (the page) and <c>GET /dashboard/{file}</c> (its CSS and JavaScript). The files hold no data and no
/// secret, so they are served without a token; the data comes from the API in the browser, under the API's own read
/// rule (<c>Cluster:ReadRequiresToken</c>), with the token the user typed in (kept in the tab's sessionStorage).
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>
    /// Scripts and styles only from this server (no inline script can run, so data shown as text cannot become code),
    /// images also as blob: URLs (thumbnails fetched with a token), no framing by other sites.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app, DashboardAssets assets)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, assets.Find("index.html")!));
        app.MapGet("/dashboard/{file}", (HttpContext context, string file) =>
            assets.Find(file) is { } asset ? Serve(context, asset) : Results.NotFound());
    }

    private static IResult Serve(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: a new orchestrator version must not run with yesterday's scripts.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.MediaType);
    }
}
