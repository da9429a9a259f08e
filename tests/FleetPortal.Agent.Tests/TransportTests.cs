using System.Collections.Concurrent;
using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Agent.Tests;

/// <summary>How the agent reaches the hub: a WebSocket opened directly, negotiation only where a WebSocket is refused.</summary>
public sealed class TransportTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly ConcurrentQueue<string> requests = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Agent_OpensItsWebSocketWithoutNegotiating()
    {
        portal.WithServices(services => services.AddSingleton<IStartupFilter>(new InFront(Recording)));
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");

        await machine.RunDaemonAsync();

        var hub = requests.Where(r => r.StartsWith(AgentProtocol.HubPath, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{AgentProtocol.HubPath} websocket"], hub);
    }

    [Fact]
    public async Task Agent_BehindAProxyThatRefusesWebSockets_NegotiatesAnotherTransport_AndStillGetsItsDeployment()
    {
        portal.WithServices(services => services.AddSingleton<IStartupFilter>(new InFront(RefusingWebSockets)));
        await using var machine = new AgentMachine(portal.StartOnLoopback());
        await machine.EnrolAsync(portal, "alice-laptop");

        var daemon = await machine.RunDaemonAsync();
        var deployment = (await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId;

        await Eventually.HoldsAsync(async () => (await portal.ReloadAsync(deployment)).Status == DeploymentStatus.Succeeded, "the deployment succeeded");
        Assert.Contains("did not open a WebSocket", daemon.Output);
        Assert.Contains($"{AgentProtocol.HubPath}/negotiate plain", requests);
        Assert.Contains($"{AgentProtocol.HubPath} plain", requests);
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
