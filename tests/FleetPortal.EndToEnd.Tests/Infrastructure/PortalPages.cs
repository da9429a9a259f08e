using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>What a person does in the browser, step by step, waiting for the page rather than for time.</summary>
public static class PortalPages
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Opens a page of the portal and waits until its circuit runs, so clicks are not lost to the prerender.</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#portal-interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a small PNG of what is on screen to the screenshot folder, when one is asked for.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name, bool fullPage = false)
    {
        if (ScreenshotFolder.Path is { } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = fullPage });
        }
    }
}
