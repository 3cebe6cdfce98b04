using System.Net;
using Cluster.Core.Work;
using Microsoft.Playwright;

namespace Cluster.Dashboard.Tests;

/// <summary>
/// Tokens in the page: changes always need one (refused without, accepted with), reads only when the server says so,
/// and no secret is ever part of what the server sends or of the document the browser holds.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardAccessTests(BrowserFixture browser, WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task Cancel_is_refused_without_a_valid_token_and_cancels_with_one()
    {
        var data = Server.InputDirectory("long");
        for (var i = 0; i < 6; i++) await File.WriteAllTextAsync(Path.Combine(data, $"f{i}.dat"), $"file {i}");
        // Long enough to be still running at the second click on a loaded machine (4 s items ended the run before a
        // slow browser got there: no cancel button to click); cancelling frees the slots at once.
        await Server.SubmitAsync("name: long-run\nkind: checksum\ninput:\n  directory: long\nparams:\n  delay_ms: 60000\n");
        await Server.WaitForRunAsync("long-run", r => r.State == RunState.Running && r.Counts.Leased > 0);

        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/runs/long-run");
        await Assertions.Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("running");
        // No token: no button, and the API itself refuses the change.
        await Assertions.Expect(page.Locator(".actions")).ToContainTextAsync("need a token");
        await Assertions.Expect(page.Locator("#action-cancel")).ToHaveCountAsync(0);
        var anonymous = await page.EvaluateAsync<int>("async () => (await fetch('/api/runs/long-run/cancel', { method: 'POST' })).status");
        Assert.Equal(401, anonymous);

        // A wrong token: the button appears, the server refuses, the run goes on.
        await EnterTokenAsync(page, "not-the-token");
        await page.ClickAsync("#action-cancel");
        await page.ClickAsync("#action-cancel"); // confirm
        await Assertions.Expect(page.Locator(".message-error")).ToContainTextAsync("401");
        Assert.Equal(RunState.Running, (await Server.Client().GetRunAsync("long-run")).State);
        await BrowserFixture.ScreenshotAsync(page, "run-cancel-refused");

        // The right token: cancelled, and the page shows it.
        await EnterTokenAsync(page, DashboardServer.Token);
        await page.ClickAsync("#action-cancel");
        await page.ClickAsync("#action-cancel");
        await Assertions.Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("cancelled");
        Assert.Equal(RunState.Cancelled, (await Server.Client().GetRunAsync("long-run")).State);
        await Assertions.Expect(page.Locator("#action-resume")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "run-cancelled");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task No_secret_is_in_the_page_source_and_a_typed_token_stays_out_of_the_document()
    {
        var index = await Server.Http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", index.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        var html = await index.Content.ReadAsStringAsync();
        // Every file the page loads, as served: none holds the token (or anything like a key).
        var files = new List<string> { html };
        foreach (var name in new[] { "app.js", "api.js", "live.js", "dom.js", "format.js", "runs-page.js", "run-page.js", "watches-page.js", "workers-page.js", "dashboard.css", "icon.svg" })
        {
            var asset = await Server.Http.GetAsync($"dashboard/{name}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            files.Add(await asset.Content.ReadAsStringAsync());
        }
        Assert.All(files, text => Assert.DoesNotContain(DashboardServer.Token, text));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("dashboard/secrets.json")).StatusCode);
        // Unchanged files are revalidated, not re-sent.
        var etag = (await Server.Http.GetAsync("dashboard/app.js")).Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "dashboard/app.js");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await Server.Http.SendAsync(conditional)).StatusCode);

        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/runs");
        await EnterTokenAsync(page, DashboardServer.Token);
        Assert.DoesNotContain(DashboardServer.Token, await page.ContentAsync());
        Assert.Equal(DashboardServer.Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('cluster.token')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('cluster.token')"));
        // A new tab (context) starts without it.
        var other = await browser.NewPageAsync(Server.Address);
        await other.GotoAsync("#/runs");
        Assert.Null(await other.EvaluateAsync<string?>("() => sessionStorage.getItem('cluster.token')"));
    }

    [Fact]
    public async Task A_server_that_protects_reads_shows_nothing_until_a_token_is_given()
    {
        await using var server = await DashboardServer.StartAsync(readRequiresToken: true);
        var data = server.InputDirectory("iq");
        TestInputs.WriteTiq(Path.Combine(data, "shot.tiq"));
        await server.SubmitAsync("name: guarded\nkind: iq-spectrogram\ninput:\n  directory: iq\nparams:\n  lframes: 256\n");
        await server.WaitForRunAsync("guarded", r => r.State.IsFinished());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        // As a browser asks for it: accepting only an event stream, the refusal is still a 401 with its reason.
        using var streamRequest = new HttpRequestMessage(HttpMethod.Get, "api/events");
        streamRequest.Headers.Accept.ParseAdd("text/event-stream");
        using var refused = await server.Http.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("needs an API token", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("api/watches/quicklooks")).StatusCode);
        // The page itself is open: it holds no data.
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("")).StatusCode);

        var page = await browser.NewPageAsync(server.Address);
        await page.GotoAsync("#/runs");
        await Assertions.Expect(page.Locator("#token-dialog")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("no access");
        await Assertions.Expect(page.Locator("tr[data-run]")).ToHaveCountAsync(0);

        await page.FillAsync("#token-input", DashboardServer.Token);
        await page.ClickAsync("#token-save");
        await Assertions.Expect(page.Locator("tr[data-run='guarded']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");

        // Thumbnails come through the token too (blob: URLs, since an <img> cannot send a header).
        await page.ClickAsync("tr[data-run='guarded'] a");
        var thumb = page.Locator("tr[data-key='shot.tiq'] img.thumb");
        await thumb.WaitForAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumb.ElementHandleAsync());
        Assert.StartsWith("blob:", await thumb.GetAttributeAsync("src"));
        Assert.Empty(browser.PageErrors);
    }

    private static async Task EnterTokenAsync(IPage page, string token)
    {
        await page.ClickAsync("#token-button");
        await page.FillAsync("#token-input", token);
        await page.ClickAsync("#token-save");
        await Assertions.Expect(page.Locator("#token-button")).ToHaveTextAsync("Token ✓");
    }
}
