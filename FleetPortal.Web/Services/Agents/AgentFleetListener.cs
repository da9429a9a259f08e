using FleetPortal.Web.Services.Notifications;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Listens to the fleet notifier for what concerns connected agents: new and cancelled deployments, revoked tokens.</summary>
public sealed class AgentFleetListener(IFleetNotifier notifier, DeploymentDelivery delivery, AgentRevocations revocations) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = notifier.Subscribe(OnChangeAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private Task OnChangeAsync(FleetChange change) => change switch
    {
        { Kind: FleetChangeKind.DeploymentCreated, DeploymentId: { } id } => delivery.DeliverNewAsync(id),
        { Kind: FleetChangeKind.DeploymentChanged, DeploymentId: { } id } => delivery.WithdrawIfCancelledAsync(id),
        { Kind: FleetChangeKind.AgentRevoked, HostId: { } hostId } => revocations.CloseRevokedConnectionsAsync(hostId),
        _ => Task.CompletedTask,
    };
}
