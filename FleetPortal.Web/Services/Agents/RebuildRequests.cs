using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>Turns stored deployments into the <see cref="RebuildRequest"/> an agent receives.</summary>
internal static class RebuildRequests
{
    public static async Task<RebuildRequest> ForAsync(FleetDbContext db, Deployment deployment, CancellationToken cancellationToken = default)
    {
        var revisions = await db.Revisions.AsNoTracking()
            .Where(r => r.HostId == deployment.HostId && (r.Number == deployment.RevisionNumber || r.Number == deployment.RevisionNumber - 1))
            .Select(r => new RevisionFacts(r.HostId, r.Number, r.Packages, r.ContentHash))
            .ToListAsync(cancellationToken);
        return Build(deployment, revisions.FirstOrDefault(r => r.Number == deployment.RevisionNumber), revisions.FirstOrDefault(r => r.Number == deployment.RevisionNumber - 1));
    }

    /// <summary>The requests for many deployments at once, with one query for all their revisions.</summary>
    public static async Task<IReadOnlyList<RebuildRequest>> ForManyAsync(FleetDbContext db, IReadOnlyList<Deployment> deployments, CancellationToken cancellationToken = default)
    {
        var hostIds = deployments.Select(d => d.HostId).Distinct().ToList();
        var numbers = deployments.SelectMany(d => new[] { d.RevisionNumber, d.RevisionNumber - 1 }).Distinct().ToList();
        var revisions = (await db.Revisions.AsNoTracking()
            .Where(r => hostIds.Contains(r.HostId) && numbers.Contains(r.Number))
            .Select(r => new RevisionFacts(r.HostId, r.Number, r.Packages, r.ContentHash))
            .ToListAsync(cancellationToken))
            .ToDictionary(r => (r.HostId, r.Number));
        return deployments
            .Select(d => Build(d, revisions.GetValueOrDefault((d.HostId, d.RevisionNumber)), revisions.GetValueOrDefault((d.HostId, d.RevisionNumber - 1))))
            .ToList();
    }

    private static RebuildRequest Build(Deployment deployment, RevisionFacts? target, RevisionFacts? previous)
    {
        var summary = deployment.Action == DeploymentAction.Rollback
            ? $"roll back to generation {deployment.RollbackGeneration}"
            : target is null ? "configuration updated" : PackageChangeSummary.Describe(previous?.Packages ?? [], target.Packages);

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
