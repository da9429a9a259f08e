using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// The agent connections this portal process holds, by host, so a revoked token's connection can
/// be closed and presence is only "offline" when a host's last connection ends; and whether each
/// connection has said hello. Every lookup touches only the one host's connections, however large
/// the fleet. A host's connections are one small array (almost always of one), replaced whole on
/// each change: a dictionary per host cost about 600 bytes an agent.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<int, Connection[]> hosts = new();

    public void Add(AgentIdentity agent, HubCallerContext context)
    {
        var added = new Connection(agent, context);
        hosts.AddOrUpdate(agent.HostId, _ => [added], (_, current) => [.. current.Where(c => c.Context.ConnectionId != context.ConnectionId), added]);
    }

    public void Remove(int hostId, string connectionId)
    {
        while (hosts.TryGetValue(hostId, out var current))
        {
            var left = current.Where(c => c.Context.ConnectionId != connectionId).ToArray();
            if (left.Length == current.Length)
            {
                return;
            }

            // Only the very array read above is replaced or removed: a connection added meanwhile is kept.
            if (left.Length == 0 ? hosts.TryRemove(KeyValuePair.Create(hostId, current)) : hosts.TryUpdate(hostId, left, current))
            {
                return;
            }
        }
    }

    /// <summary>Marks the connection as greeted (its agent said hello); false when it is not held here.</summary>
    public bool Greet(int hostId, string connectionId)
    {
        var connection = Find(hostId, connectionId);
        if (connection is null)
        {
            return false;
        }

        connection.Greeted = true;
        return true;
    }

    /// <summary>The agent of a connection that said hello; null before its hello.</summary>
    public AgentIdentity? Greeted(int hostId, string connectionId) => Find(hostId, connectionId) is { Greeted: true } connection ? connection.Agent : null;

    public bool IsConnected(int hostId) => hosts.ContainsKey(hostId);

    /// <summary>The hosts with at least one connection to this process.</summary>
    public IReadOnlyList<int> ConnectedHosts() => hosts.Keys.ToList();

    public IReadOnlyList<(AgentIdentity Agent, HubCallerContext Context)> OfHost(int hostId) =>
        hosts.TryGetValue(hostId, out var connections) ? connections.Select(c => (c.Agent, c.Context)).ToList() : [];

    /// <summary>
    /// The connection ids of a host's connections to this process: the portal sends to a host only
    /// through these, never through a group. A group per host cost every agent about a kilobyte (a
    /// concurrent dictionary each), and with the Redis backplane a subscription each and a trip
    /// through Redis for every message, where a send to a connection this process holds is written
    /// to it directly. Only the process that holds a connection sends to it (see DeploymentDelivery).
    /// </summary>
    public IReadOnlyList<string> ConnectionIdsOf(int hostId) =>
        hosts.TryGetValue(hostId, out var connections) ? Array.ConvertAll(connections, c => c.Context.ConnectionId) : [];

    private Connection? Find(int hostId, string connectionId) =>
        hosts.TryGetValue(hostId, out var connections) ? Array.Find(connections, c => c.Context.ConnectionId == connectionId) : null;

    private sealed class Connection(AgentIdentity agent, HubCallerContext context)
    {
        public AgentIdentity Agent { get; } = agent;

        public HubCallerContext Context { get; } = context;

        public volatile bool Greeted;
    }
}
