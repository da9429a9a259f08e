using FleetPortal.Agent;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Enrolment;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.Rebuilds;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Bench.Portal;

/// <summary>
/// One simulated machine: the agent's own services (<see cref="AgentDaemon.AddServices"/>) in
/// simulation mode, without the local socket, with a scratch state directory of its own.
/// </summary>
public sealed class SimulatedAgent : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> started = [];
    private readonly HashSet<Guid> received = [];
    private int rebuilds;
    private int redeliveries;

    public SimulatedAgent(int index, Uri server, string stateDirectory, string configurationDirectory, HttpClient http, Action<int, RebuildRequest> onReceived)
    {
        Index = index;
        var options = new AgentOptions
        {
            ServerUrl = server.ToString(),
            StateDirectory = stateDirectory,
            ConfigurationDirectory = configurationDirectory,
            PromptPolicy = "auto",
            Simulate = true,
            LocalSocket = false,
        };
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        AgentDaemon.AddServices(collection, options);

        // One HTTP client for the whole simulated fleet instead of a connection pool per machine.
        collection.AddSingleton(http);

        // Counts rebuilds, to find a deployment that was applied twice.
        collection.AddSingleton<IRebuilder>(provider => new CountingRebuilder(
            ActivatorUtilities.CreateInstance<SimulatedRebuilder>(provider), () => Interlocked.Increment(ref rebuilds)));
        services = collection.BuildServiceProvider();
        Link = services.GetRequiredService<PortalLink>();
        Link.RebuildRequestObserver = request =>
        {
            lock (received)
            {
                if (!received.Add(request.DeploymentId))
                {
                    Interlocked.Increment(ref redeliveries);
                }
            }

            onReceived(Index, request);
        };
    }

    public int Index { get; }

    public PortalLink Link { get; }

    /// <summary>Rebuilds run so far.</summary>
    public int Rebuilds => Volatile.Read(ref rebuilds);

    /// <summary>Deployments received again after the first time (the protocol allows it; the agent stores each once).</summary>
    public int Redeliveries => Volatile.Read(ref redeliveries);

    public Task EnrolAsync(string code, CancellationToken cancellationToken) =>
        services.GetRequiredService<Enroller>().EnrolAsync(code, cancellationToken);

    /// <summary>Starts the daemon's services, in the daemon's order: the connection comes up on its own.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in services.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
            started.Add(service);
        }
    }

    /// <summary>Connected and greeted with a welcome other than <paramref name="before"/>.</summary>
    public bool IsWelcomedSince(AgentWelcome? before) => Link.IsConnected && Link.Welcome is { } welcome && !ReferenceEquals(welcome, before);

    public async ValueTask DisposeAsync()
    {
        for (var i = started.Count - 1; i >= 0; i--)
        {
            try
            {
                await started[i].StopAsync(CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await services.DisposeAsync();
    }

    private sealed class CountingRebuilder(IRebuilder inner, Action counted) : IRebuilder
    {
        public string Describe(RebuildPlan plan) => inner.Describe(plan);

        public Task<RebuildOutcome> RunAsync(RebuildPlan plan, Action<string> output, CancellationToken cancellationToken)
        {
            counted();
            return inner.RunAsync(plan, output, cancellationToken);
        }
    }
}
