using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Turns stored deployments into the <see cref="RebuildRequest"/> an agent receives.</summary>
internal static class RebuildRequests
{
    public static async Task<RebuildRequest> ForAsync(FleetDbContext db, Deployment deployment, CancellationToken cancellationToken = default) =>
        (await ForManyAsync(db, [deployment], cancellationToken: cancellationToken))[0];

    /// <summary>
    /// The requests for many deployments at once, with one query for all their revisions, or none
    /// where <paramref name="readAhead"/> (by host) holds the revision a deployment deploys.
    /// </summary>
    public static async Task<IReadOnlyList<RebuildRequest>> ForManyAsync(
        FleetDbContext db, IReadOnlyList<Deployment> deployments, IReadOnlyDictionary<int, RequestedRevision>? readAhead = null, CancellationToken cancellationToken = default)
    {
        RequestedRevision? Ahead(Deployment d) => readAhead?.GetValueOrDefault(d.HostId) is { } ahead && ahead.Number == d.RevisionNumber ? ahead : null;
        var missing = deployments.Where(d => Ahead(d) is null).ToList();
        var read = missing.Count == 0 ? [] : await ReadAsync(db, missing, cancellationToken);
        return deployments
            .Select(d => Build(d, Ahead(d) ?? read.GetValueOrDefault((d.HostId, d.RevisionNumber))))
            .ToList();
    }

    /// <summary>
    /// Each selected host's current revision as its requests will name it, read before a rollout
    /// writes its deployments, beside its transaction: revisions never change once written, so a
    /// request can only find the host's current revision moved on meanwhile, and then
    /// <see cref="ForManyAsync"/> reads the one it deploys itself.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, RequestedRevision>> ReadAheadAsync(FleetDbContext db, IQueryable<Host> hosts, CancellationToken cancellationToken = default)
    {
        var rows = await hosts
            .Join(db.Revisions, h => h.Id, r => r.HostId, (h, r) => new { h.CurrentRevisionNumber, Revision = r })
            .Where(x => x.Revision.Number == x.CurrentRevisionNumber || x.Revision.Number == x.CurrentRevisionNumber - 1)
            .Select(x => new { x.CurrentRevisionNumber, Facts = new RevisionFacts(x.Revision.HostId, x.Revision.Number, x.Revision.Packages, x.Revision.ContentHash) })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var current = rows.Where(x => x.Facts.Number == x.CurrentRevisionNumber).Select(x => (x.Facts.HostId, x.Facts.Number)).ToHashSet();
        return Describe(rows.ConvertAll(x => x.Facts), r => current.Contains((r.HostId, r.Number))).ToDictionary(r => r.HostId);
    }

    /// <summary>The revisions <paramref name="deployments"/> deploy, with the ones before them to say what changed.</summary>
    private static async Task<Dictionary<(int HostId, int Number), RequestedRevision>> ReadAsync(FleetDbContext db, IReadOnlyList<Deployment> deployments, CancellationToken cancellationToken)
    {
        var hostIds = deployments.Select(d => d.HostId).Distinct().ToList();
        var numbers = deployments.SelectMany(d => new[] { d.RevisionNumber, d.RevisionNumber - 1 }).Distinct().ToList();
        var wanted = deployments.Select(d => (d.HostId, d.RevisionNumber)).ToHashSet();
        var revisions = await db.Revisions.AsNoTracking()
            .Where(r => hostIds.Contains(r.HostId) && numbers.Contains(r.Number))
            .Select(r => new RevisionFacts(r.HostId, r.Number, r.Packages, r.ContentHash))
            .ToListAsync(cancellationToken);
        return Describe(revisions, r => wanted.Contains((r.HostId, r.Number))).ToDictionary(r => (r.HostId, r.Number));
    }

    /// <summary>The revisions deployed, each described against the one before it when that was read.</summary>
    private static IEnumerable<RequestedRevision> Describe(IReadOnlyList<RevisionFacts> revisions, Func<RevisionFacts, bool> deployed)
    {
        var byKey = revisions.ToDictionary(r => (r.HostId, r.Number));
        return revisions
            .Where(deployed)
            .Select(r => new RequestedRevision(r.HostId, r.Number, r.ContentHash,
                PackageChangeSummary.Describe(byKey.GetValueOrDefault((r.HostId, r.Number - 1))?.Packages ?? [], r.Packages)));
    }

    private static RebuildRequest Build(Deployment deployment, RequestedRevision? target)
    {
        var summary = deployment.Action == DeploymentAction.Rollback
            ? $"roll back to generation {deployment.RollbackGeneration}"
            : target?.Summary ?? "configuration updated";

        return new RebuildRequest(
            deployment.Id,
            deployment.Action switch
            {
                DeploymentAction.Boot => RebuildAction.Boot,
                DeploymentAction.Rollback => RebuildAction.Rollback,
                _ => RebuildAction.Switch,
            },
            deployment.RevisionNumber,
            target?.ContentHash ?? "",
            deployment.RollbackGeneration,
            summary,
            new PromptPolicy(deployment.PromptMode, deployment.MaxDeferrals, deployment.DeferralCount, deployment.Deadline),
            deployment.CreatedAt);
    }

    private sealed record RevisionFacts(int HostId, int Number, List<string> Packages, string ContentHash);
}
