using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Deployments asked for directly rather than by approving a change: redeploy a revision, roll back
/// to a generation; and cancelling one that has not started.
/// </summary>
public sealed class DeploymentCommands(
    IDbContextFactory<FleetDbContext> dbFactory,
    DeploymentWriter writer,
    AuditLog audit,
    IFleetNotifier notifier,
    TimeProvider time)
{
    /// <summary>
    /// Deploys revision <paramref name="revisionNumber"/> again. An older revision is first restored as
    /// the host's next revision, so the newest revision is always the one the host is meant to run.
    /// </summary>
    public async Task<DeploymentSummary> RedeployAsync(Actor actor, string hostName, int revisionNumber, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        CheckMayDeploy(actor, host);
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files)
            .SingleOrDefaultAsync(r => r.HostId == host.Id && r.Number == revisionNumber, cancellationToken)
            ?? throw new NotFoundFailure($"{host.Name} has no revision {revisionNumber}.");
        var target = revisionNumber;
        if (revisionNumber != host.CurrentRevisionNumber)
        {
            target = host.CurrentRevisionNumber + 1;
            db.Revisions.Add(new Revision
            {
                HostId = host.Id,
                Number = target,
                Packages = revision.Packages.ToList(),
                Files = revision.Files.Select(f => new RevisionFile { Path = f.Path, Content = f.Content }).ToList(),
                ContentHash = revision.ContentHash,
                CreatedAt = time.GetUtcNow(),
                CreatedBy = actor.Description,
                Summary = $"Restored from revision {revisionNumber}.",
            });
            host.CurrentRevisionNumber = target;
        }

        var deployment = writer.Add(db, host, actor, DeploymentAction.Switch, target);
        return await CommitAsync(db, host, deployment, actor, cancellationToken);
    }

    /// <summary>Switches the machine back to an earlier system generation, as a deployment of its own.</summary>
    public async Task<DeploymentSummary> RollbackAsync(Actor actor, string hostName, int generation, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        CheckMayDeploy(actor, host);
        if (generation < 1)
        {
            throw new InvalidInputFailure("generation", "A system generation is a number from 1.");
        }

        if (host.State.CurrentGeneration is int running && generation >= running)
        {
            throw new InvalidInputFailure("generation", $"{host.Name} runs generation {running}; roll back to an earlier one.");
        }

        // The revision that generation was built from, when the portal deployed it.
        var revision = await db.Deployments.AsNoTracking()
            .Where(d => d.HostId == host.Id && d.Status == DeploymentStatus.Succeeded && d.ResultGeneration == generation)
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => (int?)d.RevisionNumber)
            .FirstOrDefaultAsync(cancellationToken);
        var deployment = writer.Add(db, host, actor, DeploymentAction.Rollback, revision ?? host.State.AppliedRevisionNumber ?? host.CurrentRevisionNumber, generation);
        return await CommitAsync(db, host, deployment, actor, cancellationToken);
    }

    /// <summary>
    /// Cancels a deployment that has not started: it never runs, and its agent, if it holds it, is
    /// told to drop it. The host's revision stays what it is: a later deployment brings it. Refused
    /// once the rebuild started (a half-run activation is worse than a finished one: roll back
    /// afterwards) or the deployment ended.
    /// </summary>
    public async Task<DeploymentSummary> CancelAsync(Actor actor, Guid deploymentId, string? reason, CancellationToken cancellationToken = default)
    {
        var cancellation = Cancellation.By(actor, reason, time.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().Include(d => d.Host).SingleOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
        if (deployment?.Host is not { } host)
        {
            throw new NotFoundFailure($"There is no deployment {deploymentId}.");
        }

        HostQueries.CheckVisible(actor, host);
        CheckMayDeploy(actor, host);
        if (!DeploymentStatuses.HasNotStarted(deployment.Status) || deployment.StartedAt is not null)
        {
            throw new ConflictFailure(Unstoppable(deployment.Status, host.Name));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await cancellation.WriteAsync(db, [deploymentId], cancellationToken) == 0)
            {
                var status = await db.Deployments.Where(d => d.Id == deploymentId).Select(d => d.Status).SingleAsync(cancellationToken);
                throw new ConflictFailure(Unstoppable(status, host.Name));
            }

            audit.Record(db, actor, AuditActions.DeploymentCancelled, cancellation.Details(deployment, host.Name),
                new AuditSubject(host.Id, host.Name, deployment.ChangeRequestId, deployment.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentCancelled, host.Id, deployment.Id));
        cancellation.Apply(deployment);
        return DeploymentProjections.Summary(deployment, host.Name);
    }

    private static string Unstoppable(DeploymentStatus status, string hostName) => status == DeploymentStatus.Running
        ? $"The rebuild on {hostName} has started; it cannot be cancelled. Roll the machine back once it has finished."
        : $"The deployment to {hostName} has ended ({status.ToString().ToLowerInvariant()}); there is nothing to cancel.";

    private async Task<DeploymentSummary> CommitAsync(FleetDbContext db, Host host, Deployment deployment, Actor actor, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await writer.SaveAsync(db, host, deployment, actor, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentCreated, host.Id, deployment.Id));
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
        return DeploymentProjections.Summary(deployment, host.Name);
    }

    private static void CheckMayDeploy(Actor actor, Host host)
    {
        if (!FleetAccess.CanDeploy(actor, host.FamilyId))
        {
            throw new AccessDeniedFailure($"Only support staff or an admin of its family may deploy to {host.Name}.");
        }
    }
}
