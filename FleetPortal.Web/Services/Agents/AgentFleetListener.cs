using System.Threading.Channels;
using FleetPortal.Web.Services.Notifications;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Listens to the fleet notifier for what concerns connected agents: new and cancelled deployments,
/// revoked tokens. New deployments queue up and are delivered in batches, so a rollout to
/// thousands of hosts costs a few queries rather than a few per host, and the rollout's caller
/// does not wait for the sends.
/// </summary>
public sealed class AgentFleetListener(IFleetNotifier notifier, DeploymentDelivery delivery, AgentRevocations revocations, ILogger<AgentFleetListener> logger) : IHostedService
{
    /// <summary>The most deployments one batch delivers.</summary>
    private const int MaxBatch = 2_000;

    private readonly Channel<Guid> created = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? subscription;
    private Task? delivering;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        delivering = Task.Run(DeliverAsync, CancellationToken.None);
        subscription = notifier.Subscribe(OnChangeAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        created.Writer.TryComplete();
        if (delivering is not null)
        {
            await delivering.WaitAsync(cancellationToken);
        }
    }

    private Task OnChangeAsync(FleetChange change)
    {
        switch (change)
        {
            case { Kind: FleetChangeKind.DeploymentCreated, DeploymentId: { } id }:
                created.Writer.TryWrite(id);
                return Task.CompletedTask;
            case { Kind: FleetChangeKind.DeploymentChanged, DeploymentId: { } id }:
                return delivery.WithdrawIfCancelledAsync(id);
            case { Kind: FleetChangeKind.AgentRevoked, HostId: { } hostId }:
                return revocations.CloseRevokedConnectionsAsync(hostId);
            default:
                return Task.CompletedTask;
        }
    }

    private async Task DeliverAsync()
    {
        var batch = new List<Guid>(MaxBatch);
        while (await created.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && created.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            try
            {
                await delivery.DeliverNewAsync(batch);
            }
            catch (Exception exception)
            {
                // The deployments stay pending: each agent receives them at its next hello.
                logger.LogWarning(exception, "Delivering {Count} new deployment(s) failed; their agents receive them when they next connect", batch.Count);
            }

            batch.Clear();
        }
    }
}
