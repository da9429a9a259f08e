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
            .Select(r => new { r.Number, r.Packages, r.ContentHash })
            .ToListAsync(cancellationToken);
        var target = revisions.FirstOrDefault(r => r.Number == deployment.RevisionNumber);
        var previous = revisions.FirstOrDefault(r => r.Number == deployment.RevisionNumber - 1);
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
}
