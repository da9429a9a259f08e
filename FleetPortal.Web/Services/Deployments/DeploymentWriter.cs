using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// The one way a deployment comes to be, for approvals, redeploys and rollbacks alike: it takes the
/// host's deferral policy from its family, bumps the host's configuration version (so concurrent
/// writers to one host conflict instead of overwriting each other), supersedes the host's older
/// deployments that have not started, and records each step in the audit log, all in the caller's
/// transaction.
/// </summary>
public sealed class DeploymentWriter(AuditLog audit, TimeProvider time)
{
    private static readonly DeploymentStatus[] NotStarted = [DeploymentStatus.Pending, DeploymentStatus.Delivered, DeploymentStatus.Deferred];

    /// <summary>Adds the deployment to <paramref name="db"/>; <paramref name="host"/> must be tracked with its family loaded.</summary>
    public Deployment Add(FleetDbContext db, Host host, Actor actor, DeploymentAction action, int revisionNumber, int? rollbackGeneration = null, int? changeRequestId = null)
    {
        var now = time.GetUtcNow();
        var family = host.Family;
        var deployment = new Deployment
        {
            Id = Guid.CreateVersion7(now),
            HostId = host.Id,
            Action = action,
            RevisionNumber = revisionNumber,
            RollbackGeneration = rollbackGeneration,
            Status = DeploymentStatus.Pending,
            ChangeRequestId = changeRequestId,
            RequestedBy = actor.Description,
            CreatedAt = now,
            PromptMode = family?.PromptMode ?? DeploymentDefaults.PromptMode,
            MaxDeferrals = family?.MaxDeferrals ?? DeploymentDefaults.MaxDeferrals,
            Deadline = now + (family?.DeferralDeadline ?? DeploymentDefaults.DeferralDeadline),
        };
        db.Deployments.Add(deployment);
        host.ConfigurationVersion++;
        var what = action == DeploymentAction.Rollback
            ? $"Rollback of {host.Name} to generation {rollbackGeneration} requested."
            : $"Deployment of revision {revisionNumber} to {host.Name} created, waiting for its agent.";
        audit.Record(db, actor, AuditActions.DeploymentCreated, what, new AuditSubject(host.Id, host.Name, changeRequestId, deployment.Id));
        return deployment;
    }

    /// <summary>
    /// Saves everything added to <paramref name="db"/> inside the open transaction, refusing with a
    /// conflict if the host changed since it was read, then marks the host's older deployments that
    /// have not started as superseded.
    /// </summary>
    public async Task SaveAsync(FleetDbContext db, Host host, Deployment deployment, Actor actor, CancellationToken cancellationToken)
    {
        await SaveOrConflictAsync(db, host.Name, cancellationToken);
        var older = await db.Deployments
            .Where(d => d.HostId == host.Id && d.Id != deployment.Id && NotStarted.Contains(d.Status))
            .ToListAsync(cancellationToken);
        foreach (var replaced in older)
        {
            replaced.Status = DeploymentStatus.Superseded;
            replaced.FinishedAt = deployment.CreatedAt;
            audit.Record(db, actor, AuditActions.DeploymentSuperseded,
                $"Deployment of revision {replaced.RevisionNumber} to {host.Name} superseded by a newer one before it started.",
                new AuditSubject(host.Id, host.Name, replaced.ChangeRequestId, replaced.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="SaveAsync"/> for many hosts at once (a rollout): one save, one query for the
    /// older deployments that have not started, one more save; the caller's transaction holds it all.
    /// </summary>
    public async Task SaveManyAsync(FleetDbContext db, IReadOnlyList<(Host Host, Deployment Deployment)> added, Actor actor, CancellationToken cancellationToken)
    {
        await SaveOrConflictAsync(db, added.Count == 1 ? added[0].Host.Name : "these hosts", cancellationToken);
        var hosts = added.ToDictionary(a => a.Host.Id);
        var hostIds = hosts.Keys.ToList();
        var newIds = added.Select(a => a.Deployment.Id).ToList();
        var older = await db.Deployments
            .Where(d => hostIds.Contains(d.HostId) && !newIds.Contains(d.Id) && NotStarted.Contains(d.Status))
            .ToListAsync(cancellationToken);
        foreach (var replaced in older)
        {
            var (host, deployment) = hosts[replaced.HostId];
            replaced.Status = DeploymentStatus.Superseded;
            replaced.FinishedAt = deployment.CreatedAt;
            audit.Record(db, actor, AuditActions.DeploymentSuperseded,
                $"Deployment of revision {replaced.RevisionNumber} to {host.Name} superseded by a newer one before it started.",
                new AuditSubject(host.Id, host.Name, replaced.ChangeRequestId, replaced.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Saves, turning "someone else wrote this host first" into a conflict the person can act on.</summary>
    public static async Task SaveOrConflictAsync(FleetDbContext db, string hostName, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictFailure($"Someone else changed {hostName} at the same time; nothing was saved. Reload and try again.");
        }
        catch (DbUpdateException exception) when (exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // A unique index (such as the host's revision numbers) caught a concurrent writer.
            throw new ConflictFailure($"Someone else changed {hostName} at the same time; nothing was saved. Reload and try again.");
        }
    }
}
