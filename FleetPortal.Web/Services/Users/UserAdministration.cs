using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Users;

/// <summary>
/// The users page: lists accounts, makes them (through <see cref="UserAccounts"/>), gives each one
/// role and, for a family admin, the families they look after, and unlocks locked accounts. Each
/// call runs in its own scope, so a long-lived page never works on stale accounts.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IDbContextFactory<FleetDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<PortalUserSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        Require(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var memberships = await db.FamilyMemberships.AsNoTracking()
            .Select(m => new { m.UserId, m.FamilyId, m.Family!.Name }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return users.Select(u => new PortalUserSummary(
                u.Id,
                u.Email ?? u.UserName ?? "",
                u.DisplayName,
                roles.FirstOrDefault(r => r.UserId == u.Id)?.Name,
                memberships.Where(m => m.UserId == u.Id).OrderBy(m => m.Name).Select(m => new FamilyName(m.FamilyId, m.Name)).ToList(),
                u.LockoutEnd > now ? u.LockoutEnd : null))
            .ToList();
    }

    public async Task<IReadOnlyList<FamilyName>> FamiliesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Families.AsNoTracking().OrderBy(f => f.Name).Select(f => new FamilyName(f.Id, f.Name)).ToListAsync(cancellationToken);
    }

    public async Task<UserAdministrationResult> CreateAsync(Actor actor, NewPortalUser user, CancellationToken cancellationToken = default)
    {
        Require(actor);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(user.Email) || !user.Email.Contains('@'))
        {
            errors.Add("The email address needs an @, such as alice@example.org.");
        }

        if (string.IsNullOrWhiteSpace(user.DisplayName))
        {
            errors.Add("The name is empty: it is shown beside every change this person makes.");
        }

        if (errors.Count > 0)
        {
            return new UserAdministrationResult(false, errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var families = user.Roles.Contains(Roles.FamilyAdmin) ? user.FamilyIds : [];
            await scope.ServiceProvider.GetRequiredService<UserAccounts>()
                .CreateAsync(actor, user with { Email = user.Email.Trim(), DisplayName = user.DisplayName.Trim(), FamilyIds = families }, cancellationToken);
            return UserAdministrationResult.Ok;
        }
        catch (InvalidInputFailure failure)
        {
            return new UserAdministrationResult(false, failure.Errors.SelectMany(e => e.Value).ToList());
        }
    }

    /// <summary>Gives the account exactly this role and, for a family admin, exactly these families.</summary>
    public async Task<UserAdministrationResult> SetAccessAsync(Actor actor, string userId, string role, IReadOnlyList<int> familyIds, CancellationToken cancellationToken = default)
    {
        Require(actor);
        if (!Roles.All.Contains(role))
        {
            return UserAdministrationResult.Failed($"\"{role}\" is not a role; choose {string.Join(" or ", Roles.All)}.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await users.FindByIdAsync(userId);
        if (account is null)
        {
            return UserAdministrationResult.Failed("This account no longer exists.");
        }

        await scope.ServiceProvider.GetRequiredService<UserAccounts>().EnsureRolesAsync();
        var current = await users.GetRolesAsync(account);
        await users.RemoveFromRolesAsync(account, current.Where(r => r != role));
        if (!current.Contains(role))
        {
            await users.AddToRoleAsync(account, role);
        }

        // The old role must not linger in a signed-in cookie: a new stamp makes Identity re-check it.
        await users.UpdateSecurityStampAsync(account);
        var families = role == Roles.FamilyAdmin ? familyIds : [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.FamilyMemberships.Where(m => m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        var existing = await db.Families.Where(f => families.Contains(f.Id)).OrderBy(f => f.Name).ToListAsync(cancellationToken);
        db.FamilyMemberships.AddRange(existing.Select(f => new FamilyMembership { UserId = userId, FamilyId = f.Id }));
        var forFamilies = existing.Count == 0 ? "" : " for " + string.Join(", ", existing.Select(f => f.Name));
        audit.Record(db, actor, AuditActions.UserAccessChanged, $"{actor.Description} made {account.DisplayName} {Describe(role)}{forFamilies}.");
        await db.SaveChangesAsync(cancellationToken);
        return UserAdministrationResult.Ok;
    }

    public async Task<UserAdministrationResult> UnlockAsync(Actor actor, string userId, CancellationToken cancellationToken = default)
    {
        Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await users.FindByIdAsync(userId);
        if (account is null)
        {
            return UserAdministrationResult.Failed("This account no longer exists.");
        }

        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        audit.Record(db, actor, AuditActions.UserUnlocked, $"{actor.Description} unlocked the account of {account.DisplayName}.");
        await db.SaveChangesAsync(cancellationToken);
        return UserAdministrationResult.Ok;
    }

    private static void Require(Actor actor)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff manage portal accounts.");
        }
    }

    private static string Describe(string role) => role == Roles.Support ? "support staff" : "a family admin";
}
