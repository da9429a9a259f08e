namespace FleetPortal.Core.Protocol;

/// <param name="ProtocolVersion">The agent's <see cref="AgentProtocol.Version"/>.</param>
/// <param name="AgentVersion">The agent's own version, for display.</param>
/// <param name="State">The machine's state now.</param>
public sealed record AgentHello(int ProtocolVersion, string AgentVersion, MachineState State);
