namespace FleetPortal.Core.Protocol;

/// <summary>What the portal calls on a connected agent.</summary>
public interface IAgentClient
{
    /// <summary>A deployment for this host. Sent at once, and again on every connect until acknowledged.</summary>
    Task RebuildRequested(RebuildRequest request);

    /// <summary>A deployment the agent holds will not run: superseded by a newer one, or cancelled.</summary>
    Task DeploymentWithdrawn(DeploymentWithdrawal withdrawal);
}
