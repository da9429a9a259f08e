using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Changes;

/// <summary>Finds a change and its host as the actor may see them, and the host's current configuration.</summary>
internal static class ChangeLookup
{
    public static async Task<(ChangeRequest Change, Host Host)> FindAsync(FleetDbContext db, Actor actor, int changeId, CancellationToken cancellationToken)
    {
        var change = await db.ChangeRequests.AsNoTracking().Include(c => c.Operations.OrderBy(o => o.Id))
            .SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
        if (change is null)
        {
            throw new NotFoundFailure($"There is no change {changeId}.");
        }

        var host = await db.Hosts.Include(h => h.Family).SingleAsync(h => h.Id == change.HostId, cancellationToken);
        HostQueries.CheckVisible(actor, host);
        return (change, host);
    }

    public static async Task<(ChangeRequest Change, Host Host)> FindOpenAsync(FleetDbContext db, Actor actor, int changeId, CancellationToken cancellationToken)
    {
        var (change, host) = await FindAsync(db, actor, changeId, cancellationToken);
        if (change.Status != ChangeStatus.Open)
        {
            var by = change.DeciderName is null ? "" : $" by {change.DeciderName}";
            throw new ConflictFailure($"Change {changeId} is already {change.Status.ToString().ToLowerInvariant()}{by}.");
        }

        return (change, host);
    }

    public static async Task<RevisionContent> CurrentContentAsync(FleetDbContext db, Host host, CancellationToken cancellationToken) =>
        await RevisionContent.LoadAsync(db, host.Id, host.CurrentRevisionNumber, cancellationToken)
        ?? throw new InvalidOperationException($"{host.Name} has lost its revision {host.CurrentRevisionNumber}.");
}
