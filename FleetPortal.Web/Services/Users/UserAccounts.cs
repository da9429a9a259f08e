using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Users;

/// <summary>Portal accounts: support staff create them (there is no sign-up), with roles and families.</summary>
public sealed class UserAccounts(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<FleetDbContext> dbFactory,
    AuditLog audit)
{
    public async Task<string> CreateAsync(Actor actor, NewPortalUser user, CancellationToken cancellationToken = default)
    {
        if (!FleetAccess.CanManageFleet(actor))
        {
            throw new AccessDeniedFailure("Only support staff create portal accounts.");
        }

        var id = await CreateUncheckedAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        audit.Record(db, actor, AuditActions.UserCreated, $"{actor.Description} created the account of {user.DisplayName} ({string.Join(", ", user.Roles)}).");
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>Makes sure the portal's roles exist; run at every start.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Creates an account without an actor: for the first administrator and the demo fleet.</summary>
    internal async Task<string> CreateUncheckedAsync(NewPortalUser user, CancellationToken cancellationToken = default)
    {
        var unknownRole = user.Roles.FirstOrDefault(r => !Roles.All.Contains(r));
        if (unknownRole is not null)
        {
            throw new InvalidInputFailure("roles", $"{unknownRole} is not a role; the roles are {string.Join(" and ", Roles.All)}.");
        }

        var account = new PortalUser
        {
            UserName = user.Email,
            Email = user.Email,
            EmailConfirmed = true,
            DisplayName = user.DisplayName,
        };
        foreach (var familyId in user.FamilyIds ?? [])
        {
            account.Families.Add(new FamilyMembership { UserId = account.Id, FamilyId = familyId });
        }

        await EnsureRolesAsync();
        var created = await users.CreateAsync(account, user.Password);
        if (!created.Succeeded)
        {
            throw new InvalidInputFailure(created.Errors.GroupBy(e => FieldOf(e.Code)).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }

        var added = await users.AddToRolesAsync(account, user.Roles);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
        }

        return account.Id;
    }

    private static string FieldOf(string identityErrorCode) =>
        identityErrorCode.StartsWith("Password", StringComparison.Ordinal) ? "password"
        : identityErrorCode.Contains("Email", StringComparison.Ordinal) || identityErrorCode.Contains("UserName", StringComparison.Ordinal) ? "email"
        : "user";
}
