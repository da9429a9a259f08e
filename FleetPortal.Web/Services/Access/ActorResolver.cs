using System.Security.Claims;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Access;

/// <summary>
/// Turns the signed-in principal (cookie or access token) into an <see cref="Actor"/>, reading roles
/// and families from the database once per request or circuit (it is scoped).
/// </summary>
public sealed class ActorResolver(IDbContextFactory<FleetDbContext> dbFactory)
{
    private Actor? resolved;

    /// <summary>The actor, or null when the principal is not a known portal user.</summary>
    public async Task<Actor?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return null;
        }

        if (resolved?.UserId == userId)
        {
            return resolved;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.UserName })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(cancellationToken);
        var families = await db.FamilyMemberships.Where(m => m.UserId == userId).Select(m => m.FamilyId).ToListAsync(cancellationToken);
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName;
        resolved = Actor.ForUser(user.Id, name, roles, families);
        return resolved;
    }

    /// <summary>The actor; refuses an unknown principal.</summary>
    public async Task<Actor> RequireAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        await ResolveAsync(principal, cancellationToken)
        ?? throw new Failures.AccessDeniedFailure("Sign in as a portal user to do this.");
}
