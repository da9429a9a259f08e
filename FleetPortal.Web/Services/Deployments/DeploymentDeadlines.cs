using FleetPortal.Core.Deferrals;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Records, once, each deployment whose deferral deadline passed before its rebuild started: from
/// then on its agent installs without asking (the agent enforces the deadline on its own clock;
/// this is the portal's record and what its pages show). Only the <see cref="PromptMode.Ask"/>
/// mode has a deadline that forces anything.
/// </summary>
public sealed class DeploymentDeadlines(IDbContextFactory<FleetDbContext> databases, IFleetNotifier notifier, TimeProvider time) : IPeriodicJob
{
    public const string JobName = "deployments.deadlines";

    private const int BatchSize = 200;

    private readonly AuditLog audit = new(time);

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(LeaseHold lease, CancellationToken cancellationToken)
    {
        DateTimeOffset? now = time.GetUtcNow();
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var due = await Due(db.Deployments, now)
                .OrderBy(d => d.Deadline).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.HostId, HostName = d.Host!.Name, d.RevisionNumber, d.ChangeRequestId, d.Deadline, d.AcknowledgedAt })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return;
            }

            var recorded = new List<(Guid Id, int HostId)>(due.Count);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var deployment in due)
                {
                    // Rechecked in the statement that writes it: started meanwhile, or recorded by another run, it is left alone.
                    var changed = await Due(db.Deployments.Where(d => d.Id == deployment.Id), now)
                        .ExecuteUpdateAsync(d => d.SetProperty(x => x.DeadlinePassedAt, now), cancellationToken);
                    if (changed > 0)
                    {
                        recorded.Add((deployment.Id, deployment.HostId));
                        audit.Record(db, Actor.Portal, AuditActions.DeploymentDeadlinePassed,
                            $"The deadline of the deployment of revision {deployment.RevisionNumber} to {deployment.HostName} ({deployment.Deadline:u}) passed before it started; "
                            + (deployment.AcknowledgedAt is null
                                ? "it installs without asking when the agent receives it."
                                : "the agent installs it without asking."),
                            new AuditSubject(deployment.HostId, deployment.HostName, deployment.ChangeRequestId, deployment.Id));
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            await notifier.PublishAsync(recorded.Select(r => new FleetChange(FleetChangeKind.DeploymentChanged, r.HostId, r.Id)).ToList());

            if (due.Count < BatchSize || !await lease.KeepAsync(cancellationToken))
            {
                return;
            }
        }
    }

    private static IQueryable<Deployment> Due(IQueryable<Deployment> deployments, DateTimeOffset? now) =>
        deployments.Where(d => DeploymentStatuses.NotStarted.Contains(d.Status) && d.PromptMode == PromptMode.Ask && d.DeadlinePassedAt == null && d.Deadline <= now);
}
