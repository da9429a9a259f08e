using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven by Playwright; pages are opened against a portal's address.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    private readonly IPlaywright playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        // Limits for waiting on the page, not measures of speed: CI machines are shared and slow.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>
    /// A browser context of its own (cookies and all), as a second person on another machine;
    /// without <paramref name="javaScript"/>, it shows pages exactly as the server sent them.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
            JavaScriptEnabled = javaScript,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
