using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Diffs;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Paging;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// Reads the fleet as the actor may see it. Lists are paged, filtered and sorted by the database and
/// projected to small records, so the fleet list stays fast with tens of thousands of hosts.
/// </summary>
public sealed class HostQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<PagedList<HostSummary>> ListAsync(Actor actor, HostListQuery query, CancellationToken cancellationToken = default)
    {
        var paging = PageRequest.Checked(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hosts = Filter(db, db.Hosts.AsNoTracking().Where(FleetAccess.VisibleHosts(actor)), query);
        var total = await hosts.CountAsync(cancellationToken);
        var items = await Sort(hosts, query)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(h => new HostSummary(
                h.Id,
                h.Name,
                h.FamilyId,
                h.Family == null ? null : h.Family.Name,
                h.State.IsOnline,
                h.State.LastSeen,
                h.CurrentRevisionNumber,
                h.State.AppliedRevisionNumber,
                h.State.RebootNeeded,
                h.State.NixosVersion))
            .ToListAsync(cancellationToken);
        return new PagedList<HostSummary>(items, paging.Page, paging.PageSize, total);
    }

    public async Task<HostDetails> GetAsync(Actor actor, string hostName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await FindVisibleAsync(db, actor, hostName, cancellationToken);
        var content = await RevisionContent.LoadAsync(db, host.Id, host.CurrentRevisionNumber, cancellationToken) ?? RevisionContent.Empty();
        var openChanges = await db.ChangeRequests.CountAsync(c => c.HostId == host.Id && c.Status == ChangeStatus.Open, cancellationToken);
        var state = host.State;
        var bundle = content.Render();
        return new HostDetails(
            host.Id,
            host.Name,
            host.FamilyId,
            host.Family?.Name,
            host.CreatedAt,
            host.CurrentRevisionNumber,
            host.ConfigurationVersion,
            new HostStatus(state.IsOnline, state.LastSeen, state.CurrentGeneration, state.BootedGeneration, state.NixosVersion, state.AgentVersion, state.RebootNeeded, state.AppliedRevisionNumber),
            content.Packages.ToList(),
            ConfigurationFiles.Of(bundle),
            host.CurrentRevisionNumber == 0 ? null : bundle.ContentHash,
            openChanges);
    }

    /// <summary>The host's revisions, newest first.</summary>
    public async Task<IReadOnlyList<RevisionSummary>> ListRevisionsAsync(Actor actor, string hostName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await FindVisibleAsync(db, actor, hostName, cancellationToken);
        return await db.Revisions.AsNoTracking()
            .Where(r => r.HostId == host.Id)
            .OrderByDescending(r => r.Number)
            .Select(r => new RevisionSummary(r.Number, r.CreatedAt, r.CreatedBy, r.ContentHash, r.ChangeRequestId, r.Summary))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A revision with its rendered bundle, exactly the files the agent receives.</summary>
    public async Task<RevisionDetails> GetRevisionAsync(Actor actor, string hostName, int number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await FindVisibleAsync(db, actor, hostName, cancellationToken);
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files)
            .SingleOrDefaultAsync(r => r.HostId == host.Id && r.Number == number, cancellationToken)
            ?? throw new NotFoundFailure($"{host.Name} has no revision {number}.");
        var bundle = RevisionContent.Of(revision.Packages, revision.Files).Render();
        return new RevisionDetails(host.Name, revision.Number, revision.CreatedAt, revision.CreatedBy, revision.ContentHash,
            revision.ChangeRequestId, revision.Summary, revision.Packages, ConfigurationFiles.Of(bundle));
    }

    /// <summary>What changed from revision <paramref name="from"/> to <paramref name="to"/> (0 stands for "nothing yet").</summary>
    public async Task<ConfigurationDiff> DiffAsync(Actor actor, string hostName, int from, int to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await FindVisibleAsync(db, actor, hostName, cancellationToken);
        var before = await RevisionContent.LoadAsync(db, host.Id, from, cancellationToken)
            ?? throw new NotFoundFailure($"{host.Name} has no revision {from}.");
        var after = await RevisionContent.LoadAsync(db, host.Id, to, cancellationToken)
            ?? throw new NotFoundFailure($"{host.Name} has no revision {to}.");
        return ConfigurationDiffer.Compare(before, from, after, to);
    }

    /// <summary>
    /// The host, if the actor may see it. A host outside a family admin's families is refused as
    /// forbidden; to anyone else it does not exist.
    /// </summary>
    internal static async Task<Host> FindVisibleAsync(FleetDbContext db, Actor actor, string hostName, CancellationToken cancellationToken)
    {
        var host = await db.Hosts.Include(h => h.Family).SingleOrDefaultAsync(h => h.Name == hostName, cancellationToken)
            ?? throw new NotFoundFailure($"There is no host named {hostName}.");
        CheckVisible(actor, host);
        return host;
    }

    internal static void CheckVisible(Actor actor, Host host) => CheckVisible(actor, host.Id, host.Name, host.FamilyId);

    internal static void CheckVisible(Actor actor, int hostId, string hostName, int? familyId)
    {
        if (FleetAccess.CanSeeHost(actor, hostId, familyId))
        {
            return;
        }

        throw actor.Kind == ActorKind.PortalUser
            ? new AccessDeniedFailure($"{hostName} is not in one of your families.")
            : new NotFoundFailure($"There is no host named {hostName}.");
    }

    private static IQueryable<Host> Filter(FleetDbContext db, IQueryable<Host> hosts, HostListQuery query)
    {
        if (query.FamilyId is int familyId)
        {
            hosts = hosts.Where(h => h.FamilyId == familyId);
        }

        if (query.Online is bool online)
        {
            hosts = hosts.Where(h => h.State.IsOnline == online);
        }

        hosts = query.Condition switch
        {
            HostCondition.UpToDate => hosts.Where(h => h.CurrentRevisionNumber > 0 && h.State.AppliedRevisionNumber == h.CurrentRevisionNumber),
            HostCondition.Behind => hosts.Where(h => h.CurrentRevisionNumber > 0
                && (h.State.AppliedRevisionNumber == null || h.State.AppliedRevisionNumber != h.CurrentRevisionNumber)),
            HostCondition.RebootNeeded => hosts.Where(h => h.State.RebootNeeded),
            HostCondition.NeverSeen => hosts.Where(h => h.State.LastSeen == null),
            _ => hosts,
        };

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Lower-cased on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var pattern = "%" + EscapeLike(query.Search.Trim().ToLowerInvariant()) + "%";
            hosts = hosts.Where(h =>
                EF.Functions.Like(h.Name.ToLower(), pattern, "\\")
                || (h.Family != null && EF.Functions.Like(h.Family.Name.ToLower(), pattern, "\\"))
                || db.Revisions.Any(r => r.HostId == h.Id && r.Number == h.CurrentRevisionNumber
                    && r.Packages.Any(p => EF.Functions.Like(p.ToLower(), pattern, "\\"))));
        }

        return hosts;
    }

    private static IQueryable<Host> Sort(IQueryable<Host> hosts, HostListQuery query) => (query.Sort, query.Descending) switch
    {
        (HostSort.Family, false) => hosts.OrderBy(h => h.Family == null ? null : h.Family.Name).ThenBy(h => h.Name),
        (HostSort.Family, true) => hosts.OrderByDescending(h => h.Family == null ? null : h.Family.Name).ThenBy(h => h.Name),
        (HostSort.LastSeen, false) => hosts.OrderBy(h => h.State.LastSeen).ThenBy(h => h.Name),
        (HostSort.LastSeen, true) => hosts.OrderByDescending(h => h.State.LastSeen).ThenBy(h => h.Name),
        (HostSort.Revision, false) => hosts.OrderBy(h => h.CurrentRevisionNumber).ThenBy(h => h.Name),
        (HostSort.Revision, true) => hosts.OrderByDescending(h => h.CurrentRevisionNumber).ThenBy(h => h.Name),
        (_, true) => hosts.OrderByDescending(h => h.Name),
        _ => hosts.OrderBy(h => h.Name),
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
