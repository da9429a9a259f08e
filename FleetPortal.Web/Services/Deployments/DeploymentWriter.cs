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
    /// <summary>Adds the deployment to <paramref name="db"/>; <paramref name="host"/> must be tracked with its family loaded.</summary>
    public Deployment Add(FleetDbContext db, Host host, Actor actor, DeploymentAction action, int revisionNumber, int? rollbackGeneration = null, int? changeRequestId = null)
    {
        var now = time.GetUtcNow();
        var deployment = New(host.Id, host.Family, actor, action, revisionNumber, rollbackGeneration, changeRequestId, now);
        db.Deployments.Add(deployment);
        host.ConfigurationVersion++;
        audit.Record(db, actor, AuditActions.DeploymentCreated, Created(deployment, host.Name), new AuditSubject(host.Id, host.Name, changeRequestId, deployment.Id));
        return deployment;
    }

    private static Deployment New(int hostId, Family? family, Actor actor, DeploymentAction action, int revisionNumber, int? rollbackGeneration, int? changeRequestId, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            HostId = hostId,
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

    private static string Created(Deployment deployment, string hostName) => deployment.Action == DeploymentAction.Rollback
        ? $"Rollback of {hostName} to generation {deployment.RollbackGeneration} requested."
        : $"Deployment of revision {deployment.RevisionNumber} to {hostName} created, waiting for its agent.";

    private static string Superseded(int revisionNumber, string hostName) =>
        $"Deployment of revision {revisionNumber} to {hostName} superseded by a newer one before it started.";

    /// <summary>
    /// Saves everything added to <paramref name="db"/> inside the open transaction, refusing with a
    /// conflict if the host changed since it was read, then marks the host's older deployments that
    /// have not started as superseded.
    /// </summary>
    public async Task SaveAsync(FleetDbContext db, Host host, Deployment deployment, Actor actor, CancellationToken cancellationToken)
    {
        await SaveOrConflictAsync(db, host.Name, cancellationToken);
        var older = await db.Deployments
            .Where(d => d.HostId == host.Id && d.Id != deployment.Id && DeploymentStatuses.NotStarted.Contains(d.Status))
            .ToListAsync(cancellationToken);
        foreach (var replaced in older)
        {
            replaced.Status = DeploymentStatus.Superseded;
            replaced.FinishedAt = deployment.CreatedAt;
            audit.Record(db, actor, AuditActions.DeploymentSuperseded, Superseded(replaced.RevisionNumber, host.Name),
                new AuditSubject(host.Id, host.Name, replaced.ChangeRequestId, replaced.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// A rollout: a deployment of its current revision for each host that <paramref name="selection"/>
    /// selects, written set-based inside the caller's open transaction: one statement bumps the
    /// hosts' configuration versions (taking their write lock first, so each host is deployed the
    /// revision it has at that moment and no concurrent writer can slip between), one reads them,
    /// one supersedes their older deployments that have not started, one audit event records the
    /// rollout for all its hosts, and a few multi-row inserts write the deployments (each pointing
    /// to that event) and the events of the deployments superseded. <paramref name="check"/> sees
    /// the hosts before anything is inserted; when it throws, the caller's transaction writes nothing.
    /// </summary>
    public async Task<WrittenRollout> WriteRolloutAsync(
        FleetDbContext db, HostSelection selection, Actor actor, Action<IReadOnlyList<RolloutHost>> check, RolloutClaim claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hosts = selection.In(db);
        await hosts.ExecuteUpdateAsync(h => h.SetProperty(x => x.ConfigurationVersion, x => x.ConfigurationVersion + 1), cancellationToken);
        var chosen = await ReadRolloutHostsAsync(db, hosts, cancellationToken);
        check(chosen);

        var names = chosen.ToDictionary(h => h.Id, h => h.Name);
        var replaced = await DeploymentStatuses.NotStartedOfAsync(db, names.ContainsKey, cancellationToken);
        if (replaced.Count > 0)
        {
            var replacedIds = replaced.Select(d => d.Id).ToList();
            await db.Deployments.Where(d => replacedIds.Contains(d.Id) && DeploymentStatuses.NotStarted.Contains(d.Status)).ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeploymentStatus.Superseded)
                .SetProperty(x => x.FinishedAt, now), cancellationToken);
        }

        // One event for the rollout, not one per host: at 10,000 hosts those were about a quarter of the
        // write before the first send. Each deployment points to it, and each host's own events
        // (delivered, started, succeeded) follow as its agent reports.
        var rollout = AuditLog.Create(actor, AuditActions.RolloutCreated, $"Rollout of their current revisions to {selection.Describe(chosen)} requested.", null, now);
        db.AuditEvents.Add(rollout);
        await db.SaveChangesAsync(cancellationToken);

        var created = chosen.Select(h => (h, New(h.Id, h.Family, actor, DeploymentAction.Switch, h.CurrentRevisionNumber, null, null, now))).ToList();
        foreach (var (host, deployment) in created)
        {
            deployment.RolloutEventId = rollout.Id;
            // Claimed for sending by this process in the transaction that creates it: see DeploymentDelivery.
            deployment.SentAt = claim.SendsHere(host.Id) ? claim.At : null;
        }

        await MultiRowInsert.InsertAsync(db, created.Select(c => c.Item2).ToList(), cancellationToken);
        await MultiRowInsert.InsertAsync(db, replaced.Select(r => AuditLog.Create(actor, AuditActions.DeploymentSuperseded, Superseded(r.RevisionNumber, names[r.HostId]),
            new AuditSubject(r.HostId, names[r.HostId], r.ChangeRequestId, r.Id), now)).ToList(), cancellationToken);
        return new WrittenRollout(rollout.Id, created, replaced.ToLookup(r => r.HostId, r => r.Id));
    }

    /// <summary>
    /// The hosts in name order, each with its family: the few families read on their own, not
    /// joined to every host, which made as many family objects as hosts (30-50 ms of a 10,000-host
    /// write; 10-30 ms so).
    /// </summary>
    private static async Task<List<RolloutHost>> ReadRolloutHostsAsync(FleetDbContext db, IQueryable<Host> hosts, CancellationToken cancellationToken)
    {
        var rows = await hosts.AsNoTracking()
            .OrderBy(h => h.Name)
            .Select(h => new { h.Id, h.Name, h.FamilyId, h.CurrentRevisionNumber })
            .ToListAsync(cancellationToken);
        var familyIds = rows.Where(h => h.FamilyId is not null).Select(h => h.FamilyId!.Value).Distinct().ToList();
        var families = await db.Families.AsNoTracking().Where(f => familyIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        return rows.Select(h => new RolloutHost(h.Id, h.Name, h.FamilyId, h.CurrentRevisionNumber, h.FamilyId is int id ? families[id] : null)).ToList();
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
        catch (DbUpdateException exception) when (WriteConflicts.IsConflict(exception))
        {
            // A unique index (such as the host's revision numbers) caught a concurrent writer.
            throw new ConflictFailure($"Someone else changed {hostName} at the same time; nothing was saved. Reload and try again.");
        }
    }
}
