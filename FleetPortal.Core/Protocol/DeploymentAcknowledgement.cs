namespace FleetPortal.Core.Protocol;

public sealed record DeploymentAcknowledgement(Guid DeploymentId);
