namespace FleetPortal.Agent.Rebuilds;

/// <summary>A rebuild could not even start; the message says why.</summary>
public sealed class RebuildException(string message) : Exception(message);
