using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// The agent connections this portal process holds, so a revoked token's connection can be
/// closed and presence is only "offline" when a host's last connection ends.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<string, (AgentIdentity Agent, HubCallerContext Context)> connections = new();

    public void Add(AgentIdentity agent, HubCallerContext context) => connections[context.ConnectionId] = (agent, context);

    public void Remove(string connectionId) => connections.TryRemove(connectionId, out _);

    public bool IsConnected(int hostId) => connections.Values.Any(c => c.Agent.HostId == hostId);

    public IReadOnlyList<(AgentIdentity Agent, HubCallerContext Context)> OfHost(int hostId) =>
        connections.Values.Where(c => c.Agent.HostId == hostId).ToList();

    /// <summary>The group every connection of one host joins; the hub sends to a host only through it.</summary>
    public static string GroupOf(int hostId) => "host:" + hostId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
