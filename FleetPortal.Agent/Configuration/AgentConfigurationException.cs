namespace FleetPortal.Agent.Configuration;

/// <summary>The agent's settings are wrong; the message says which and how.</summary>
public sealed class AgentConfigurationException(string message) : Exception(message);
