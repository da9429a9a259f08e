using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FleetPortal.Bench.Portal;

/// <summary>The dashboard with the whole fleet in it: the API's host pages, and the hosts page in a real browser.</summary>
public static partial class Dashboard
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run",
    ];

    public static async Task<(double? FirstRenderMs, ApiTimings HostsApi, string? Note)> MeasureAsync(PortalProcess portal, PortalApi api)
    {
        Console.WriteLine("FleetPortal: dashboard");
        var pages = Math.Max(1, (await api.HostCountAsync() + 24) / 25);
        var random = new Random(7);
        var timings = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var timer = Stopwatch.StartNew();
            await api.HostsPageAsync(1 + random.Next(pages));
            if (i >= 10)
            {
                timings.Add(timer.Elapsed.TotalMilliseconds);
            }
        }

        if (!File.Exists(Chromium))
        {
            return (null, ApiTimings.Of(timings), $"{Chromium} is not installed (apt-get install chromium): the browser figure was not taken.");
        }

        var account = portal.Output.Select(line => SupportAccount().Match(line)).FirstOrDefault(m => m.Success);
        if (account is null)
        {
            return (null, ApiTimings.Of(timings), "The portal printed no demo account to sign in with: the browser figure was not taken.");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = portal.Address.ToString() });
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.Email", account.Groups["email"].Value);
        await page.FillAsync("#Input\\.Password", account.Groups["password"].Value);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));

        // The first host of the first page, as the grid sorts it: the page has rendered when it shows.
        var first = await api.FirstHostNameAsync();
        var renders = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.GotoAsync("about:blank");
            var timer = Stopwatch.StartNew();
            await page.GotoAsync("/");
            await page.Locator("#hosts-grid").GetByText(first, new LocatorGetByTextOptions { Exact = true }).First
                .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            renders.Add(timer.Elapsed.TotalMilliseconds);
        }

        // The first load also fetches the scripts and styles; the median of three is what a person sees on a warm browser.
        return (renders.Order().ElementAt(1), ApiTimings.Of(timings), null);
    }

    [GeneratedRegex(@"support staff:\s+(?<email>\S+)\s+password\s+(?<password>\S+)")]
    private static partial Regex SupportAccount();
}
