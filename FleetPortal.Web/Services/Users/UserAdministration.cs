using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Users;

/// <summary>
/// Support staff make accounts, give each one role, and say which families a family admin looks
/// after. Each call runs in its own scope, so a long-lived page never works on stale accounts.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IDbContextFactory<FleetDbContext> dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<PortalUserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
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

    public async Task<UserAdministrationResult> CreateAsync(NewPortalUser user, string actor, CancellationToken cancellationToken = default)
    {
        var errors = Validate(user.Email, user.DisplayName, user.Role);
        if (errors.Count > 0)
        {
            return new UserAdministrationResult(false, errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = new PortalUser { UserName = user.Email.Trim(), Email = user.Email.Trim(), DisplayName = user.DisplayName.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(account, user.Password);
        if (!created.Succeeded)
        {
            return new UserAdministrationResult(false, created.Errors.Select(e => e.Description).ToList());
        }

        await EnsureRoleAsync(scope.ServiceProvider, user.Role);
        await users.AddToRoleAsync(account, user.Role);
        await WriteMembershipsAsync(account.Id, user.Role == Roles.FamilyAdmin ? user.FamilyIds : [], cancellationToken);
        await AuditAsync(actor, AuditActions.UserCreated, $"{actor} made the account {account.Email} ({Describe(user.Role)}).", cancellationToken);
        return UserAdministrationResult.Ok;
    }

    /// <summary>Gives the account exactly this role and, for a family admin, exactly these families.</summary>
    public async Task<UserAdministrationResult> SetAccessAsync(string userId, string role, IReadOnlyList<int> familyIds, string actor, CancellationToken cancellationToken = default)
    {
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

        await EnsureRoleAsync(scope.ServiceProvider, role);
        var current = await users.GetRolesAsync(account);
        await users.RemoveFromRolesAsync(account, current.Where(r => r != role));
        if (!current.Contains(role))
        {
            await users.AddToRoleAsync(account, role);
        }

        // A role change must take effect now, not when the person's cookie next refreshes.
        await users.UpdateSecurityStampAsync(account);
        var families = role == Roles.FamilyAdmin ? familyIds : [];
        await WriteMembershipsAsync(userId, families, cancellationToken);
        await AuditAsync(actor, AuditActions.UserAccessChanged, $"{actor} made {account.Email} {Describe(role)}{await FamiliesInWordsAsync(families, cancellationToken)}.", cancellationToken);
        return UserAdministrationResult.Ok;
    }

    public async Task<UserAdministrationResult> UnlockAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await users.FindByIdAsync(userId);
        if (account is null)
        {
            return UserAdministrationResult.Failed("This account no longer exists.");
        }

        await users.SetLockoutEndDateAsync(account, null);
        await users.ResetAccessFailedCountAsync(account);
        await AuditAsync(actor, AuditActions.UserUnlocked, $"{actor} unlocked {account.Email}.", cancellationToken);
        return UserAdministrationResult.Ok;
    }

    private static List<string> Validate(string email, string displayName, string role)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
        {
            errors.Add("The email address needs an @, such as alice@example.org.");
        }

        if (string.IsNullOrWhiteSpace(displayName))
        {
            errors.Add("The name is empty: it is shown beside every change this person makes.");
        }

        if (!Roles.All.Contains(role))
        {
            errors.Add($"\"{role}\" is not a role; choose {string.Join(" or ", Roles.All)}.");
        }

        return errors;
    }

    private static async Task EnsureRoleAsync(IServiceProvider services, string role)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }

    private async Task WriteMembershipsAsync(string userId, IReadOnlyList<int> familyIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.FamilyMemberships.Where(m => m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        var existing = await db.Families.Where(f => familyIds.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken);
        db.FamilyMemberships.AddRange(existing.Distinct().Select(id => new FamilyMembership { UserId = userId, FamilyId = id }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string> FamiliesInWordsAsync(IReadOnlyList<int> familyIds, CancellationToken cancellationToken)
    {
        if (familyIds.Count == 0)
        {
            return "";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.Families.Where(f => familyIds.Contains(f.Id)).OrderBy(f => f.Name).Select(f => f.Name).ToListAsync(cancellationToken);
        return " for " + string.Join(", ", names);
    }

    private async Task AuditAsync(string actor, string action, string details, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent { At = time.GetUtcNow(), Actor = actor, Action = action, Details = details });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(string role) => role == Roles.Support ? "support staff" : "a family admin";
}
