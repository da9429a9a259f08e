using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// The agent connections this portal process holds, by host, so a revoked token's connection can
/// be closed and presence is only "offline" when a host's last connection ends. Every lookup
/// touches only the one host's connections, however large the fleet.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, (AgentIdentity Agent, HubCallerContext Context)>> hosts = new();

    public void Add(AgentIdentity agent, HubCallerContext context) =>
        hosts.GetOrAdd(agent.HostId, _ => new())[context.ConnectionId] = (agent, context);

    public void Remove(int hostId, string connectionId)
    {
        if (hosts.TryGetValue(hostId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public bool IsConnected(int hostId) => hosts.TryGetValue(hostId, out var connections) && !connections.IsEmpty;

    /// <summary>The hosts with at least one connection to this process.</summary>
    public IReadOnlyList<int> ConnectedHosts() => hosts.Where(h => !h.Value.IsEmpty).Select(h => h.Key).ToList();

    public IReadOnlyList<(AgentIdentity Agent, HubCallerContext Context)> OfHost(int hostId) =>
        hosts.TryGetValue(hostId, out var connections) ? connections.Values.ToList() : [];

    /// <summary>The group every connection of one host joins; the hub sends to a host only through it.</summary>
    public static string GroupOf(int hostId) => "host:" + hostId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
