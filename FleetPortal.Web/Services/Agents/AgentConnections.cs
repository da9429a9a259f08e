using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// The agent connections this portal process holds, by host, so a revoked token's connection can
/// be closed and presence is only "offline" when a host's last connection ends; and by connection,
/// with the host each acts for and whether its agent has said hello. Every lookup touches only one
/// host's or one connection's entry, however large the fleet. A host's connections are one small
/// array (almost always of one), replaced whole on each change: a dictionary per host cost about
/// 600 bytes an agent.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<int, Connection[]> hosts = new();

    // The hub finds the agent of a call here rather than in the connection's principal, which it
    // drops once connected (see OpeningRequest): an entry here costs a tenth of one.
    private readonly ConcurrentDictionary<string, Connection> byId = new(StringComparer.Ordinal);

    public void Add(AgentIdentity agent, HubCallerContext context)
    {
        var added = new Connection(agent, context);
        byId[context.ConnectionId] = added;
        hosts.AddOrUpdate(agent.HostId, _ => [added], (_, current) => [.. current.Where(c => c.Context.ConnectionId != context.ConnectionId), added]);
    }

    /// <summary>Forgets a connection; returns whether its agent had said hello, or null when it was not held here.</summary>
    public (AgentIdentity Agent, bool Greeted)? Remove(string connectionId)
    {
        if (!byId.TryRemove(connectionId, out var gone))
        {
            return null;
        }

        var hostId = gone.Agent.HostId;
        while (hosts.TryGetValue(hostId, out var current))
        {
            var left = current.Where(c => c.Context.ConnectionId != connectionId).ToArray();
            // Only the very array read above is replaced or removed: a connection added meanwhile is kept.
            if (left.Length == current.Length || (left.Length == 0 ? hosts.TryRemove(KeyValuePair.Create(hostId, current)) : hosts.TryUpdate(hostId, left, current)))
            {
                break;
            }
        }

        return (gone.Agent, gone.Greeted);
    }

    /// <summary>The agent a connection acts for; null when the connection is not held here.</summary>
    public AgentIdentity? Of(string connectionId) => byId.TryGetValue(connectionId, out var connection) ? connection.Agent : null;

    /// <summary>Marks the connection as greeted (its agent said hello); false when it is not held here.</summary>
    public bool Greet(string connectionId)
    {
        if (!byId.TryGetValue(connectionId, out var connection))
        {
            return false;
        }

        connection.Greeted = true;
        return true;
    }

    /// <summary>The agent of a connection that said hello; null before its hello.</summary>
    public AgentIdentity? Greeted(string connectionId) => byId.TryGetValue(connectionId, out var connection) && connection.Greeted ? connection.Agent : null;

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

    private sealed class Connection(AgentIdentity agent, HubCallerContext context)
    {
        public AgentIdentity Agent { get; } = agent;

        public HubCallerContext Context { get; } = context;

        public volatile bool Greeted;
    }
}
