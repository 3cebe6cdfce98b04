using Cluster.TestSupport;
using Microsoft.Playwright;

namespace Cluster.Dashboard.Tests;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (its node driver ships in the NuGet package; no browser download).
/// A missing chromium fails the tests with the package to install: they never skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots for people to look at: <c>TestResults/screenshots</c> in the repository.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CLUSTER_CHROMIUM") ?? DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"chromium not found at {chromium}: install Debian's package (apt-get install -y --no-install-recommends chromium) " +
                "or set CLUSTER_CHROMIUM; ./scripts/test installs it");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
    }

    /// <summary>A fresh context (own sessionStorage and localStorage) and page; laptop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1366, int height = 860, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        // Script errors in the page fail the test that caused them.
        page.PageError += (_, error) => PageErrors.Add(error);
        return page;
    }

    public List<string> PageErrors { get; } = [];

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {path} is empty");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>One browser for every class, and the classes one after another (two cores).</summary>
    public const string Name = "browser";
}
