using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Microsoft.Playwright;

namespace Cluster.Dashboard.Tests;

/// <summary>One orchestrator with a real worker for the whole class, shared by its tests.</summary>
public sealed class WorkingServerFixture : IAsyncLifetime
{
    public DashboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await DashboardServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The dashboard in headless chromium against a live orchestrator and worker: live progress, items, errors, thumbnails,
/// watch tiles and workers, each page photographed to TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPageTests(BrowserFixture browser, WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task Runs_page_shows_a_new_run_live_and_its_progress_bar_advances_to_100_percent()
    {
        var data = Server.InputDirectory("slow");
        for (var i = 0; i < 16; i++)
            await File.WriteAllTextAsync(Path.Combine(data, $"part_{i:D2}.dat"), new string('x', 1000 + i));
        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/runs");
        await page.Locator("#live.live-live").WaitForAsync();
        // A reload would lose this: the run must arrive through the live stream.
        await page.EvaluateAsync("() => { window.loadedOnce = 'yes'; }");

        await Server.SubmitAsync("name: slow-sums\nkind: checksum\nsample: ring-7\ninput:\n  directory: slow\n  glob: '*.dat'\nparams:\n  delay_ms: 500\n");

        var bar = page.Locator("tr[data-run='slow-sums'] [role=progressbar]");
        await bar.WaitForAsync();
        var seen = new List<int>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var value = int.Parse((await bar.GetAttributeAsync("aria-valuenow"))!);
            if (seen.Count == 0 || seen[^1] != value) seen.Add(value);
            if (value == 100) break;
            await Task.Delay(100);
        }
        Assert.Equal(100, seen[^1]);
        Assert.Contains(seen, v => v is > 0 and < 100);
        Assert.Equal(seen.Order(), seen); // never goes back
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.loadedOnce"));

        var row = page.Locator("tr[data-run='slow-sums']");
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("succeeded");
        await Assertions.Expect(row).ToContainTextAsync("16 / 16");
        await Assertions.Expect(row).ToContainTextAsync("ring-7");
        await Assertions.Expect(row).ToContainTextAsync("checksum");

        // Filters: by state and by kind, in the page.
        await page.SelectOptionAsync("#filter-state", "failed");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#filter-state", "succeeded");
        await page.SelectOptionAsync("#filter-kind", "checksum");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#filter-state", "");
        await BrowserFixture.ScreenshotAsync(page, "runs-light");
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task A_run_with_errors_shows_its_counts_on_its_row_and_never_reads_as_a_plain_100_percent()
    {
        var data = Server.InputDirectory("mixed");
        await File.WriteAllTextAsync(Path.Combine(data, "ok.dat"), "fine");
        await Server.SubmitAsync("name: mostly-failed\nkind: checksum\nmax_attempts: 1\ninput:\n  directory: mixed\n  items: [ok.dat, lost_1.dat, lost_2.dat]\n");
        var run = await Server.WaitForRunAsync("mostly-failed", r => r.State.IsFinished());
        Assert.Equal((1, 2, 0), (run.Counts.Done, run.Counts.Error, run.Counts.NoData));

        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/runs");
        var row = page.Locator("tr[data-run='mostly-failed']");
        await Assertions.Expect(row.Locator(".progress-text")).ToHaveTextAsync("3 / 3 2 failed");
        Assert.DoesNotContain("100 %", await row.InnerTextAsync());
        await Assertions.Expect(row.Locator("td.count-done")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td.count-no_data")).ToHaveTextAsync("0");
        await Assertions.Expect(row.Locator("td.count-error.has-errors")).ToHaveTextAsync("2");
        Assert.Equal("rgb(209, 52, 56)", await row.Locator(".progress-errors").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        // The legend names every colour of the bar, in the bar's own colours.
        var legend = page.Locator(".legend .legend-entry");
        Assert.Equal(["done", "no data", "error", "in progress", "cancelled", "pending"], (await legend.AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(await row.Locator(".seg-error").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"),
            await page.Locator(".legend-entry[data-segment='error'] .swatch").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        // The run page says the same, and its items table gives each failure's first line.
        await page.GotoAsync("#/runs/mostly-failed");
        await Assertions.Expect(page.Locator(".run-progress .progress-text")).ToHaveTextAsync("3 / 3 2 failed");
        await Assertions.Expect(page.Locator(".legend")).ToBeVisibleAsync();
        var failure = (await Server.Client().ListItemsAsync("mostly-failed", ItemState.Error)).Items.Single(i => i.Key == "lost_1.dat");
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        await Assertions.Expect(page.Locator("tr[data-key='lost_1.dat'] td.reason-error")).ToHaveTextAsync(failure.Reason!);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Run_page_lists_items_shows_the_failed_items_error_and_loads_png_thumbnails()
    {
        var data = Server.InputDirectory("iq");
        for (var i = 0; i < 3; i++) TestInputs.WriteTiq(Path.Combine(data, $"shot_{i}.tiq"), toneHz: 10_000 * (i + 1), seed: i);
        await File.WriteAllTextAsync(Path.Combine(data, "broken.tiq"), "this is not an IQ recording\n");
        await Server.SubmitAsync("name: figures\nkind: iq-spectrogram\ninput:\n  directory: iq\n  glob: '*.tiq'\nparams:\n  lframes: 256\n");
        var run = await Server.WaitForRunAsync("figures", r => r.State.IsFinished());
        Assert.Equal(RunState.CompletedWithErrors, run.State);
        var failed = Assert.Single((await Server.Client().ListItemsAsync("figures", ItemState.Error)).Items);
        Assert.Equal("broken.tiq", failed.Key);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));

        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/runs/figures");
        var rows = page.Locator("table.items tbody tr[data-key]");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(["broken.tiq", "shot_0.tiq", "shot_1.tiq", "shot_2.tiq"],
            (await rows.Locator("td.key").AllTextContentsAsync()).Order());
        await Assertions.Expect(page.Locator(".chip[data-state='done'] .chip-count")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator(".chip[data-state='error'] .chip-count")).ToHaveTextAsync("1");

        // The error, as the API reports it, is visible on the page; its log holds the full text.
        var error = page.Locator("#errors .error-item[data-key='broken.tiq']");
        await Assertions.Expect(error.Locator(".error-summary")).ToHaveTextAsync(failed.Error!);
        await Assertions.Expect(error.Locator(".error-summary")).ToBeVisibleAsync();
        await error.Locator("summary").ClickAsync();
        var log = await Server.Client().ItemLogAsync("figures", "broken.tiq");
        var failure = log.Last(l => l.Level == "error");
        await Assertions.Expect(error.Locator("pre.log")).ToContainTextAsync(failure.Message.Split('\n')[0]);

        // A PNG thumbnail loads, at the PNG's own width.
        var thumb = page.Locator("tr[data-key='shot_1.tiq'] img.thumb");
        await thumb.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumb.ElementHandleAsync());
        var naturalWidth = await thumb.EvaluateAsync<int>("img => img.naturalWidth");
        var png = (await Server.Client().ListArtifactsAsync("figures", "shot_1.tiq")).Single(a => a.MediaType == "image/png");
        var bytes = await Server.Http.GetByteArrayAsync(png.ContentPath.TrimStart('/'));
        Assert.Equal(TestInputs.PngSize(bytes).Width, naturalWidth);
        // Thumbnails are large enough to read (the row's figure at 8rem = 112 px high), and a click shows the PNG at full size.
        var box = (await thumb.BoundingBoxAsync())!;
        Assert.True(box.Height >= 100, $"thumbnail {box.Width}x{box.Height}");
        await thumb.ClickAsync();
        var full = page.Locator("dialog#full-size[open] img.full");
        await full.WaitForAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await full.ElementHandleAsync());
        var size = TestInputs.PngSize(bytes);
        Assert.Equal(size.Width, await full.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal(size.Width, (int)Math.Round((await full.BoundingBoxAsync())!.Width));
        await BrowserFixture.ScreenshotAsync(page, "run-full-size", fullPage: false);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("dialog#full-size[open]")).ToHaveCountAsync(0);
        // Every artifact has a download link to its content.
        var links = await page.Locator("tr[data-key='shot_1.tiq'] a.artifact").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal((await Server.Client().ListArtifactsAsync("figures", "shot_1.tiq")).Select(a => a.ContentPath).Order(), links.Order());

        // Filter by state and search by key go through the API.
        await page.SelectOptionAsync("#item-state", "error");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#item-state", "");
        // Wait for the unfiltered table: the one-row error table would otherwise satisfy the search's count below.
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await page.FillAsync("#item-search", "shot_2");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Locator("td.key")).ToHaveTextAsync("shot_2.tiq");
        await page.FillAsync("#item-search", "");
        await Assertions.Expect(rows).ToHaveCountAsync(4);

        // The progress document and the run-level artifact.
        await page.Locator("summary", new() { HasText = "Progress document" }).ClickAsync();
        await Assertions.Expect(page.Locator("pre.json").First).ToContainTextAsync("\"errors\"");
        await Assertions.Expect(page.Locator("ul.artifacts a.artifact")).ToHaveTextAsync("progress.json");

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "run-light");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await BrowserFixture.ScreenshotAsync(page, "run-dark");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(15, 18, 22)", background);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Watch_tile_shows_the_newest_figure_and_updates_when_a_file_lands()
    {
        var directory = Server.InputDirectory("live");
        await Server.Client().AddWatchAsync(new WatchRequest("detector-1", "live", "*.tiq", 1, "kind: iq-spectrogram\nparams:\n  lframes: 256\n"));
        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/watches");
        var tile = page.Locator("article.tile[data-watch='detector-1']");
        await Assertions.Expect(tile.Locator(".tile-landed")).ToHaveTextAsync("waiting for the first file");
        await page.EvaluateAsync("() => { window.loadedOnce = 'yes'; }");

        TestInputs.LandTiq(directory, "first.tiq", 15_000);
        var first = tile.Locator("img.figure[data-item='first.tiq']");
        await first.WaitForAsync(new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await first.ElementHandleAsync());
        await Assertions.Expect(tile.Locator(".tile-item")).ToHaveTextAsync("first.tiq");
        await Assertions.Expect(tile.Locator(".tile-landed")).ToContainTextAsync("landed");

        TestInputs.LandTiq(directory, "second.tiq", -40_000);
        var second = tile.Locator("img.figure[data-item='second.tiq']");
        await second.WaitForAsync(new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await second.ElementHandleAsync());
        await Assertions.Expect(tile.Locator(".tile-item")).ToHaveTextAsync("second.tiq");
        await Assertions.Expect(first).ToHaveCountAsync(0);
        Assert.Equal("yes", await page.EvaluateAsync<string>("() => window.loadedOnce"));

        // The API behind the tile: the newest figure of the watch's run, landed when its item finished.
        var quickLooks = await Server.Http.GetFromJsonAsync<List<JsonElement>>("api/watches/quicklooks", ApiJson.Options);
        var entry = Assert.Single(quickLooks!);
        Assert.Equal("detector-1", entry.GetProperty("watch").GetProperty("name").GetString());
        var figure = entry.GetProperty("figure");
        Assert.Equal("second.tiq", figure.GetProperty("item").GetString());
        var item = (await Server.Client().ListItemsAsync("detector-1", ItemState.Done)).Items.Single(i => i.Key == "second.tiq");
        Assert.Equal(item.FinishedAt, figure.GetProperty("landed_at").GetDateTimeOffset());
        Assert.Equal("image/png", figure.GetProperty("media_type").GetString());

        // The watch's run reads "watching" with its last file, here and on the runs page, never "running, ETA < 1 s".
        await Assertions.Expect(tile.Locator("header .badge")).ToHaveTextAsync("watching");

        // A newest file that fails shows on the tile with its reason, over the previous (dimmed) figure.
        await File.WriteAllTextAsync(Path.Combine(directory, ".broken.tiq.part"), "not an IQ recording\n");
        File.Move(Path.Combine(directory, ".broken.tiq.part"), Path.Combine(directory, "broken.tiq"));
        var failure = tile.Locator(".tile-failure[data-item='broken.tiq']");
        await failure.WaitForAsync(new() { Timeout = 60_000 });
        var broken = (await Server.Client().ListItemsAsync("detector-1", ItemState.Error)).Items.Single(i => i.Key == "broken.tiq");
        await Assertions.Expect(failure.Locator(".tile-failure-reason")).ToHaveTextAsync(broken.Reason!);
        await Assertions.Expect(failure.Locator(".badge")).ToHaveTextAsync("error");
        await Assertions.Expect(failure).ToBeVisibleAsync();
        await Assertions.Expect(tile.Locator("img.figure[data-item='second.tiq']")).ToHaveCountAsync(1);
        Assert.Equal("0.45", await tile.Locator("img.figure").EvaluateAsync<string>("img => getComputedStyle(img).opacity"));
        var failed = Assert.Single((await Server.Http.GetFromJsonAsync<List<JsonElement>>("api/watches/quicklooks", ApiJson.Options))!)
            .GetProperty("newest_failure");
        Assert.Equal(("broken.tiq", "error", broken.Reason), (failed.GetProperty("item").GetString(), failed.GetProperty("state").GetString(), failed.GetProperty("reason").GetString()));

        await BrowserFixture.ScreenshotAsync(page, "watches-light");
        await page.GotoAsync("#/runs");
        var watchRow = page.Locator("tr[data-run='detector-1']");
        await Assertions.Expect(watchRow.Locator(".badge")).ToHaveTextAsync("watching");
        await Assertions.Expect(watchRow.Locator("td.eta")).ToContainTextAsync("last file ");
        await Assertions.Expect(watchRow.Locator("td.count-error")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "runs-with-watch");
        var wall = await browser.NewPageAsync(Server.Address, 1920, 1080, ColorScheme.Dark);
        await wall.GotoAsync("?wall=1#/watches");
        var wallImage = wall.Locator("article.tile[data-watch='detector-1'] img.figure[data-item='second.tiq']");
        await wallImage.WaitForAsync();
        await wall.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await wallImage.ElementHandleAsync());
        Assert.Equal("20px", await wall.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
        await BrowserFixture.ScreenshotAsync(wall, "watches-wall-dark", fullPage: false);
        Assert.Empty(browser.PageErrors);
    }

    [Fact]
    public async Task Workers_page_shows_the_live_worker_with_its_slots_and_heartbeat_age()
    {
        var worker = Assert.Single(await Server.Client().ListWorkersAsync());
        var page = await browser.NewPageAsync(Server.Address);
        await page.GotoAsync("#/workers");
        var row = page.Locator($"tr[data-worker='{worker.Id}']");
        await Assertions.Expect(row.Locator("td.key")).ToHaveTextAsync(worker.Id);
        await Assertions.Expect(row).ToContainTextAsync($"/ {worker.Slots}");
        await Assertions.Expect(row).ToContainTextAsync(worker.Host);
        // Heartbeats come every second here: the age shown stays small, and it is live (counted from the server's clock).
        var age = await row.Locator("td.heartbeat").TextContentAsync();
        Assert.Matches(@"^(< 1|\d) s ago$", age);
        await Assertions.Expect(page.Locator(".summary")).ToContainTextAsync("1 live worker, ");
        // The silo table: the one silo of this server, both roles, active, from the membership.
        var silo = Assert.Single(await Server.Client().ListSilosAsync());
        var siloRow = page.Locator($"table.silos tr[data-silo='{silo.Address}']");
        await Assertions.Expect(siloRow).ToContainTextAsync("active");
        await Assertions.Expect(siloRow).ToContainTextAsync("orchestrator+worker");
        await BrowserFixture.ScreenshotAsync(page, "workers-light");

        // The toggle overrides the system's light scheme: auto -> light -> dark, remembered across reloads.
        await page.ClickAsync("#theme-button");
        await page.ClickAsync("#theme-button");
        await Assertions.Expect(page.Locator("#theme-button")).ToHaveTextAsync("Dark");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        Assert.Equal("rgb(15, 18, 22)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "workers-dark");
        Assert.Empty(browser.PageErrors);
    }
}
