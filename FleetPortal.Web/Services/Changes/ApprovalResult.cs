namespace FleetPortal.Web.Services.Changes;

/// <summary>What approving a change wrote: the host's new revision and the deployment that carries it.</summary>
public sealed record ApprovalResult(int ChangeId, string HostName, int RevisionNumber, Guid DeploymentId);
