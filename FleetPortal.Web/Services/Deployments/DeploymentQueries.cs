using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>Reads deployments and their logs as the actor may see them.</summary>
public sealed class DeploymentQueries(IDbContextFactory<FleetDbContext> dbFactory)
{
    public async Task<DeploymentDetails> GetAsync(Actor actor, Guid deploymentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().Include(d => d.Host)
            .SingleOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
        if (deployment?.Host is not { } host)
        {
            throw new NotFoundFailure($"There is no deployment {deploymentId}.");
        }

        HostQueries.CheckVisible(actor, host);
        var log = await db.DeploymentLogLines.AsNoTracking()
            .Where(l => l.DeploymentId == deploymentId)
            .OrderBy(l => l.Sequence)
            .Select(l => new DeploymentLogEntry(l.Sequence, l.At, l.Text))
            .ToListAsync(cancellationToken);
        var rollout = deployment.RolloutEventId is long eventId
            ? await db.AuditEvents.Where(e => e.Id == eventId).Select(e => e.Details).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new DeploymentDetails(DeploymentProjections.Summary(deployment, host.Name), deployment.PromptMode, deployment.MaxDeferrals,
            deployment.DeferredUntil, deployment.SentAt, deployment.AcknowledgedAt, log, deployment.DeadlinePassedAt, rollout, rollout is null ? null : deployment.RolloutEventId);
    }

    /// <summary>A host's deployments, newest first.</summary>
    public async Task<IReadOnlyList<DeploymentSummary>> ListForHostAsync(Actor actor, string hostName, int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        var deployments = await db.Deployments.AsNoTracking()
            .Where(d => d.HostId == host.Id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return deployments.Select(d => DeploymentProjections.Summary(d, host.Name)).ToList();
    }
}
