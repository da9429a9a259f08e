using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Stops what has not started on many hosts at once (a family, or a list of hostnames): a rollout
/// that should not go on, or the deployments waiting for machines that are away. Each deployment
/// that has not started is cancelled with its audit event, in one transaction; agents holding one
/// have it withdrawn. What has started runs on: a rollback is the way back from it.
/// </summary>
public sealed class CancelCommands(IDbContextFactory<FleetDbContext> dbFactory, IFleetNotifier notifier, TimeProvider time)
{
    public async Task<CancelledDeployments> CancelNotStartedAsync(Actor actor, int? familyId, IReadOnlyList<string>? hostNames, string? reason, CancellationToken cancellationToken = default)
    {
        var cancellation = Cancellation.By(actor, reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selection = await HostSelection.ResolveAsync(db, familyId, hostNames, "A cancellation", cancellationToken);
        var now = time.GetUtcNow();
        List<(Deployment Deployment, RolloutHost Host)> stopped;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var hosts = (await selection.In(db).AsNoTracking()
                .Select(h => new RolloutHost(h.Id, h.Name, h.FamilyId, h.CurrentRevisionNumber, null))
                .ToListAsync(cancellationToken))
                .ToDictionary(h => h.Id);
            selection.CheckAll(actor, hosts.Values.ToList(), "to cancel deployments of");

            // Found by their status's index, as a rollout finds the ones it supersedes: few in any fleet.
            stopped = (await db.Deployments.AsNoTracking()
                .Where(d => DeploymentStatuses.NotStarted.Contains(d.Status) && d.StartedAt == null)
                .ToListAsync(cancellationToken))
                .Where(d => hosts.ContainsKey(d.HostId))
                .OrderBy(d => d.CreatedAt)
                .Select(d => (d, hosts[d.HostId]))
                .ToList();
            if (stopped.Count > 0)
            {
                var ids = stopped.Select(s => s.Deployment.Id).ToList();

                // Rechecked in the statement that writes it: an agent may have started one since it was read.
                var cancelled = await db.Deployments
                    .Where(d => ids.Contains(d.Id) && d.StartedAt == null && DeploymentStatuses.NotStarted.Contains(d.Status))
                    .ExecuteUpdateAsync(d => d
                        .SetProperty(x => x.Status, DeploymentStatus.Cancelled)
                        .SetProperty(x => x.FinishedAt, now)
                        .SetProperty(x => x.DeferredUntil, (DateTimeOffset?)null)
                        .SetProperty(x => x.Error, cancellation.Error), cancellationToken);
                if (cancelled != stopped.Count)
                {
                    throw new ConflictFailure($"{stopped.Count - cancelled} of these {stopped.Count} deployments started or ended while they were being cancelled; nothing was cancelled. Try again.");
                }

                await MultiRowInsert.InsertAsync(db, stopped.Select(s => AuditLog.Create(actor, AuditActions.DeploymentCancelled, cancellation.Details(s.Deployment, s.Host.Name),
                    new AuditSubject(s.Host.Id, s.Host.Name, s.Deployment.ChangeRequestId, s.Deployment.Id), now)).ToList(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(stopped.Select(s => new FleetChange(FleetChangeKind.DeploymentCancelled, s.Host.Id, s.Deployment.Id)).ToList());
        foreach (var (deployment, _) in stopped)
        {
            deployment.Status = DeploymentStatus.Cancelled;
            deployment.FinishedAt = now;
            deployment.DeferredUntil = null;
            deployment.Error = cancellation.Error;
        }

        return new CancelledDeployments(stopped.Count, stopped.Select(s => DeploymentProjections.Summary(s.Deployment, s.Host.Name)).ToList());
    }
}
