namespace FleetPortal.Core.Protocol;

/// <summary>The portal's answer to <see cref="IAgentHub.Hello"/>: which host this connection acts for.</summary>
public sealed record AgentWelcome(int ProtocolVersion, int HostId, string HostName);
