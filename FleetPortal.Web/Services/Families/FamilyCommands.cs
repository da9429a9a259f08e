using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Families;

/// <summary>Creates families and makes people their admins (support staff only).</summary>
public sealed class FamilyCommands(IDbContextFactory<FleetDbContext> dbFactory, AuditLog audit)
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan MaxDeferralDeadline = TimeSpan.FromDays(90);

    public async Task<FamilySummary> CreateAsync(Actor actor, NewFamily family, CancellationToken cancellationToken = default)
    {
        CheckMayManage(actor);
        var name = family.Name?.Trim() ?? "";
        var deadline = family.DeferralDeadline ?? Deployments.DeploymentDefaults.DeferralDeadline;
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [$"A family's name is required, at most {MaxNameLength} characters."];
        }

        if (family.MaxDeferrals is < 0 or > 100)
        {
            errors["maxDeferrals"] = ["The number of deferrals is between 0 and 100."];
        }

        if (deadline < TimeSpan.Zero || deadline > MaxDeferralDeadline)
        {
            errors["deferralDeadline"] = [$"The deferral deadline is between 0 and {MaxDeferralDeadline.TotalDays} days."];
        }

        if (!Enum.IsDefined(family.PromptMode))
        {
            errors["promptMode"] = ["The prompt mode is Ask, Auto or AskAlways."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputFailure(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Families.AnyAsync(f => f.Name == name, cancellationToken))
        {
            throw new ConflictFailure($"A family named {name} exists already.");
        }

        var created = new Family
        {
            Name = name,
            RequiresSecondApprover = family.RequiresSecondApprover,
            PromptMode = family.PromptMode,
            MaxDeferrals = family.MaxDeferrals,
            DeferralDeadline = deadline,
        };
        db.Families.Add(created);
        var rule = created.RequiresSecondApprover ? ", requiring a second approver" : "";
        audit.Record(db, actor, AuditActions.FamilyCreated, $"{actor.Description} created the family {name}{rule}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictFailure($"A family named {name} exists already.");
        }

        return new FamilySummary(created.Id, created.Name, created.RequiresSecondApprover, created.PromptMode, created.MaxDeferrals, created.DeferralDeadline, 0);
    }

    private static void CheckMayManage(Actor actor)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff create families.");
        }
    }
}
