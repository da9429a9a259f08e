using System.Threading.Channels;
using FleetPortal.Web.Services.Notifications;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Listens to the fleet notifier for what concerns connected agents: new and cancelled deployments,
/// revoked tokens. New deployments queue up and are delivered in batches, so a rollout to
/// thousands of hosts costs a few queries rather than a few per host. Cancellations are withdrawn
/// in batches too. Neither the deployments a rollout has sent already nor those that merely moved
/// on (thousands of acknowledgements after a rollout) are looked at here: reading them back cost
/// the portal a query per batch while the fleet answered a rollout.
/// </summary>
public sealed class AgentFleetListener(IFleetNotifier notifier, DeploymentDelivery delivery, AgentRevocations revocations, ILogger<AgentFleetListener> logger) : IHostedService
{
    /// <summary>The most deployments one batch delivers.</summary>
    private const int MaxBatch = 2_000;

    private readonly Channel<Guid> created = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Guid> cancelled = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? subscription;
    private Task? delivering;
    private Task? withdrawing;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        delivering = Task.Run(() => DrainAsync(created, delivery.DeliverNewAsync,
            "Delivering {Count} new deployment(s) failed; their agents receive them when they next connect"), CancellationToken.None);
        withdrawing = Task.Run(() => DrainAsync(cancelled, delivery.WithdrawIfCancelledAsync,
            "Withdrawing {Count} cancelled deployment(s) failed"), CancellationToken.None);
        subscription = notifier.Subscribe(OnChangeAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        created.Writer.TryComplete();
        cancelled.Writer.TryComplete();
        if (delivering is null || withdrawing is null)
        {
            return;
        }

        try
        {
            await Task.WhenAll(delivering, withdrawing).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown ran out of time: what was not sent stays pending and reaches each agent at its next hello.
            logger.LogInformation("Stopped before every new deployment was sent; the rest go out when their agents reconnect");
        }
    }

    private Task OnChangeAsync(FleetChange change)
    {
        switch (change)
        {
            case { Kind: FleetChangeKind.DeploymentCreated, DeploymentId: { } id }:
                created.Writer.TryWrite(id);
                return Task.CompletedTask;
            case { Kind: FleetChangeKind.DeploymentCancelled, DeploymentId: { } id }:
                cancelled.Writer.TryWrite(id);
                return Task.CompletedTask;
            case { Kind: FleetChangeKind.AgentRevoked, HostId: { } hostId }:
                return revocations.CloseRevokedConnectionsAsync(hostId);
            default:
                return Task.CompletedTask;
        }
    }

    private async Task DrainAsync(Channel<Guid> channel, Func<IReadOnlyCollection<Guid>, Task> handle, string failure)
    {
        var batch = new List<Guid>(MaxBatch);
        while (await channel.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && channel.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            try
            {
                await handle(batch);
            }
            catch (Exception exception)
            {
                // New deployments stay pending: each agent receives them at its next hello.
                logger.LogWarning(exception, failure, batch.Count);
            }

            batch.Clear();
        }
    }
}
