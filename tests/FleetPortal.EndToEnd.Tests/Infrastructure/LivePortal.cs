using System.Net;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The portal on a real Kestrel port on 127.0.0.1 with its own SQLite file, and Debian's
/// Chromium driven by Playwright. One per test class.
/// </summary>
public sealed class LivePortal : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    private IPlaywright? playwright;

    public PortalFactory Factory { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = addresses.Addresses.Single().TrimEnd('/') + "/";
        // Limits for waiting on the page, not measures of speed: CI machines are shared and slow.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A browser context of its own (cookies and all), as a second person on another machine.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}
