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
        var cancellation = Cancellation.By(actor, reason, time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selection = await HostSelection.ResolveAsync(db, familyId, hostNames, "A cancellation", cancellationToken);
        List<(Deployment Deployment, RolloutHost Host)> stopped;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var hosts = (await selection.In(db).AsNoTracking()
                .Select(h => new RolloutHost(h.Id, h.Name, h.FamilyId, h.CurrentRevisionNumber, null))
                .ToListAsync(cancellationToken))
                .ToDictionary(h => h.Id);
            selection.CheckAll(actor, hosts.Values.ToList(), "to cancel deployments of");

            stopped = (await DeploymentStatuses.NotStartedOfAsync(db, hosts.ContainsKey, cancellationToken))
                .Where(d => d.StartedAt == null)
                .OrderBy(d => d.CreatedAt)
                .Select(d => (d, hosts[d.HostId]))
                .ToList();
            if (stopped.Count > 0)
            {
                var cancelled = await cancellation.WriteAsync(db, stopped.Select(s => s.Deployment.Id).ToList(), cancellationToken);
                if (cancelled != stopped.Count)
                {
                    throw new ConflictFailure($"{stopped.Count - cancelled} of these {stopped.Count} deployments started or ended while they were being cancelled; nothing was cancelled. Try again.");
                }

                await MultiRowInsert.InsertAsync(db, stopped.Select(s => AuditLog.Create(actor, AuditActions.DeploymentCancelled, cancellation.Details(s.Deployment, s.Host.Name),
                    new AuditSubject(s.Host.Id, s.Host.Name, s.Deployment.ChangeRequestId, s.Deployment.Id), cancellation.At)).ToList(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(stopped.Select(s => new FleetChange(FleetChangeKind.DeploymentCancelled, s.Host.Id, s.Deployment.Id)).ToList());
        foreach (var (deployment, _) in stopped)
        {
            cancellation.Apply(deployment);
        }

        return new CancelledDeployments(stopped.Count, stopped.Select(s => DeploymentProjections.Summary(s.Deployment, s.Host.Name)).ToList());
    }
}
