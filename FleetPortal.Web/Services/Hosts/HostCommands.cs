using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Hosts;

/// <summary>Adds hosts to the fleet and moves them between families (support staff only).</summary>
public sealed class HostCommands(
    IDbContextFactory<FleetDbContext> dbFactory,
    AuditLog audit,
    IFleetNotifier notifier,
    TimeProvider time)
{
    /// <summary>A host with no revision yet: its configuration arrives when its agent enrols, or with its first approved change.</summary>
    public async Task<HostSummary> CreateAsync(Actor actor, string name, int? familyId = null, CancellationToken cancellationToken = default)
    {
        CheckMayManage(actor);
        if (HostNames.Check(name) is { } error)
        {
            throw new InvalidInputFailure("name", error);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var family = await FindFamilyAsync(db, familyId, cancellationToken);
        if (await db.Hosts.AnyAsync(h => h.Name == name, cancellationToken))
        {
            throw new ConflictFailure($"A host named {name} is already part of the fleet.");
        }

        var host = new Host { Name = name, FamilyId = family?.Id, CreatedAt = time.GetUtcNow() };
        db.Hosts.Add(host);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await SaveUniqueAsync(db, name, cancellationToken);
            var where = family is null ? "" : $" in {family.Name}";
            audit.Record(db, actor, AuditActions.HostCreated, $"{actor.Description} added {name}{where}.", new AuditSubject(host.Id, host.Name));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
        return new HostSummary(host.Id, host.Name, family?.Id, family?.Name, false, null, 0, null, false, null);
    }

    /// <summary>Moves a host into a family, or out of every family with a null <paramref name="familyId"/>.</summary>
    public async Task AssignFamilyAsync(Actor actor, string hostName, int? familyId, CancellationToken cancellationToken = default)
    {
        CheckMayManage(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var host = await HostQueries.FindVisibleAsync(db, actor, hostName, cancellationToken);
        var family = await FindFamilyAsync(db, familyId, cancellationToken);
        var before = host.Family?.Name ?? "no family";
        host.FamilyId = family?.Id;
        host.ConfigurationVersion++;
        audit.Record(db, actor, AuditActions.HostFamilyChanged,
            $"{actor.Description} moved {host.Name} from {before} to {family?.Name ?? "no family"}.", new AuditSubject(host.Id, host.Name));
        await Deployments.DeploymentWriter.SaveOrConflictAsync(db, host.Name, cancellationToken);
        await notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));
    }

    internal static async Task<Family?> FindFamilyAsync(FleetDbContext db, int? familyId, CancellationToken cancellationToken)
    {
        if (familyId is not int id)
        {
            return null;
        }

        return await db.Families.SingleOrDefaultAsync(f => f.Id == id, cancellationToken)
            ?? throw new InvalidInputFailure("familyId", $"There is no family {id}.");
    }

    private static async Task SaveUniqueAsync(FleetDbContext db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictFailure($"A host named {name} is already part of the fleet.");
        }
    }

    private static void CheckMayManage(Actor actor)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff add hosts or move them between families.");
        }
    }
}
