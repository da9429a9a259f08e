using FleetPortal.Web.Data;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>Portal accounts made through Identity for the browser to sign in with.</summary>
public static class Accounts
{
    public const string Password = "Correct-Horse-42";

    public static async Task<string> CreateAsync(PortalFactory portal, string email, string displayName, string role, params int[] familyIds)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true };
        Check(await users.CreateAsync(user, Password));
        if (!await roles.RoleExistsAsync(role))
        {
            Check(await roles.CreateAsync(new IdentityRole(role)));
        }

        Check(await users.AddToRoleAsync(user, role));
        await using var db = portal.CreateDbContext();
        db.FamilyMemberships.AddRange(familyIds.Select(id => new FamilyMembership { UserId = user.Id, FamilyId = id }));
        await db.SaveChangesAsync();
        return user.Id;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
