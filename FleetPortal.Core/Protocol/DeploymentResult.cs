namespace FleetPortal.Core.Protocol;

/// <param name="DeploymentId">The deployment that ended.</param>
/// <param name="Succeeded">Whether the machine now runs (or, for <c>boot</c>, will boot) the new configuration.</param>
/// <param name="Generation">After success: the new system generation.</param>
/// <param name="ExitCode">The exit code of the rebuild, when it ran.</param>
/// <param name="Error">After failure: why, in words.</param>
/// <param name="LogTail">The last lines of the output (at most 50).</param>
/// <param name="LogTailSequence">
/// When <paramref name="LogTail"/> is the rebuild's own output: the sequence number of its first
/// line. The portal records those lines it does not have yet, so the end of a log that it could not
/// take while it was away (<see cref="IAgentHub.ReportLog"/> failed until the rebuild ended) still arrives.
/// </param>
public sealed record DeploymentResult(Guid DeploymentId, bool Succeeded, int? Generation, int? ExitCode, string? Error, IReadOnlyList<string> LogTail, int? LogTailSequence = null);
