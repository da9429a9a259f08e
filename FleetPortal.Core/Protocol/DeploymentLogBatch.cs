namespace FleetPortal.Core.Protocol;

/// <param name="DeploymentId">The running deployment.</param>
/// <param name="FirstSequence">The number of the first line, counting from 0 over the whole log.</param>
/// <param name="Lines">At most <see cref="AgentProtocol.MaxLogLinesPerBatch"/> lines, each at most <see cref="AgentProtocol.MaxLogLineLength"/> characters.</param>
public sealed record DeploymentLogBatch(Guid DeploymentId, int FirstSequence, IReadOnlyList<string> Lines);
