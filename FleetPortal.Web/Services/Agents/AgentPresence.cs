using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Records whether a host's agent is connected, when it was last seen, and the machine state it reports.</summary>
public sealed class AgentPresence(IDbContextFactory<FleetDbContext> databases, IFleetNotifier notifier, TimeProvider time)
{
    private readonly AuditLog audit = new(time);

    public async Task ConnectedAsync(AgentIdentity agent, AgentHello hello)
    {
        await UpdateAsync(agent, AuditActions.HostConnected, $"The agent of {agent.HostName} connected (agent {hello.AgentVersion}).", host =>
        {
            host.State.IsOnline = true;
            host.State.AgentVersion = Truncate(hello.AgentVersion, 50);
            Apply(host.State, hello.State);
        });
    }

    public Task StateReportedAsync(AgentIdentity agent, MachineState state) =>
        UpdateAsync(agent, null, null, host =>
        {
            host.State.IsOnline = true;
            Apply(host.State, state);
        });

    public Task DisconnectedAsync(AgentIdentity agent) =>
        UpdateAsync(agent, AuditActions.HostDisconnected, $"The agent of {agent.HostName} disconnected.", host => host.State.IsOnline = false);

    private async Task UpdateAsync(AgentIdentity agent, string? auditAction, string? details, Action<Data.Host> change)
    {
        await using var db = await databases.CreateDbContextAsync();
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Id == agent.HostId);
        if (host is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        change(host);
        host.State.LastSeen = now;
        if (auditAction is not null)
        {
            audit.Record(db, agent.Actor, auditAction, details ?? "", new AuditSubject(host.Id, host.Name));
        }

        await db.SaveChangesAsync();
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
    }

    private static void Apply(HostState stored, MachineState reported)
    {
        stored.CurrentGeneration = reported.CurrentGeneration;
        stored.BootedGeneration = reported.BootedGeneration;
        stored.NixosVersion = Truncate(reported.NixosVersion, 100);
        stored.RebootNeeded = reported.RebootNeeded;
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
