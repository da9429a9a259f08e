using System.Net;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The portal inside the test process, on a real Kestrel port on 127.0.0.1 with its own SQLite
/// file, for tests that seed it through its services; and Debian's Chromium. One per test class.
/// The story runs the portal as a process of its own instead (<see cref="PortalProcess"/>).
/// </summary>
public sealed class LivePortal : IAsyncLifetime
{
    private Chromium? chromium;

    public PortalFactory Factory { get; } = new();

    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = addresses.Addresses.Single().TrimEnd('/') + "/";
        chromium = await Chromium.LaunchAsync();
    }

    /// <summary>A browser context of its own (cookies and all), as a second person on another machine.</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light, bool javaScript = true) =>
        chromium!.NewPageAsync(new Uri(BaseAddress), width, height, colorScheme, javaScript);

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        await Factory.DisposeAsync();
    }
}
