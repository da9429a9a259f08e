using System.Collections.Concurrent;
using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Agent.Tests;

/// <summary>
/// How the agent reaches the portal: a WebSocket opened directly, negotiation only where a
/// WebSocket is refused; bundles over that connection, over HTTP when the hub does not send them.
/// </summary>
public sealed class TransportTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly ConcurrentQueue<string> requests = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Agent_OpensItsWebSocketWithoutNegotiating()
    {
        await using var machine = await EnrolledBehindAsync(Recording);

        await machine.RunDaemonAsync();

        var hub = requests.Where(r => r.StartsWith(AgentProtocol.HubPath, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{AgentProtocol.HubPath} websocket"], hub);
    }

    [Fact]
    public async Task Agent_BehindAProxyThatRefusesWebSockets_NegotiatesAnotherTransport_AndStillGetsItsDeployment()
    {
        await using var machine = await EnrolledBehindAsync(RefusingWebSockets);

        var daemon = await machine.RunDaemonAsync();
        var deployment = (await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId;

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
        Assert.Contains("did not open a WebSocket", daemon.Output);
        Assert.Contains($"{AgentProtocol.HubPath}/negotiate plain", requests);
        Assert.Contains($"{AgentProtocol.HubPath} plain", requests);
    }

    [Fact]
    public async Task Agent_GetsItsBundleOverItsConnection_WithoutARequestOfItsOwn()
    {
        await using var machine = await EnrolledBehindAsync(Recording);
        await machine.RunDaemonAsync();

        var deployment = (await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId;

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
        Assert.Contains("pkgs.vlc", await File.ReadAllTextAsync(Path.Combine(machine.StateDirectory, "revisions", "2", BundleFileNames.Packages)));
        Assert.DoesNotContain(requests, r => r.StartsWith("/api/agent/revisions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Agent_DownloadsABundleTooLargeForTheHub_OverHttp_AndBuildsIt()
    {
        await using var machine = await EnrolledBehindAsync(Recording);
        await machine.RunDaemonAsync();
        var large = "# " + new string('x', AgentProtocol.MaxHubBundleCharacters) + "\n{ ... }: { }\n";

        var deployment = (await portal.ApproveNewFileAsync("alice-laptop", "large.nix", large)).DeploymentId;

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
        Assert.Equal(large, await File.ReadAllTextAsync(Path.Combine(machine.StateDirectory, "revisions", "2", "large.nix")));
        Assert.Contains($"{AgentProtocol.BundlePath(2)} plain", requests);
    }

    /// <summary>An enrolled machine (alice-laptop) whose portal has <paramref name="middleware"/> in front of its own.</summary>
    private async Task<AgentMachine> EnrolledBehindAsync(Func<HttpContext, RequestDelegate, Task> middleware)
    {
        portal.WithServices(services => services.AddSingleton<IStartupFilter>(new InFront(middleware)));
        var machine = new AgentMachine(portal.StartOnLoopback());
        try
        {
            await machine.EnrolAsync(portal, "alice-laptop");
            return machine;
        }
        catch
        {
            await machine.DisposeAsync();
            throw;
        }
    }

    private Task Recording(HttpContext http, RequestDelegate next)
    {
        requests.Enqueue($"{http.Request.Path} {(IsUpgrade(http) ? "websocket" : "plain")}");
        return next(http);
    }

    /// <summary>A stand-in for a proxy that does not pass WebSockets on: it answers the upgrade with 400.</summary>
    private Task RefusingWebSockets(HttpContext http, RequestDelegate next)
    {
        _ = Recording(http, _ => Task.CompletedTask);
        if (IsUpgrade(http))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return next(http);
    }

    // In front of the portal's own middleware the WebSocket feature is not there yet: the header says it.
    private static bool IsUpgrade(HttpContext http) => string.Equals(http.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Puts a middleware in front of the portal's own.</summary>
    private sealed class InFront(Func<HttpContext, RequestDelegate, Task> middleware) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(middleware);
            next(app);
        };
    }
}
