namespace FleetPortal.Core.Protocol;

/// <param name="DeploymentId">The deployment now running.</param>
/// <param name="CommandLine">The command the agent runs, for the log.</param>
/// <param name="GenerationBefore">The newest system generation before the rebuild.</param>
public sealed record DeploymentStarted(Guid DeploymentId, string CommandLine, int? GenerationBefore);
