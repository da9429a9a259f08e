using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Authorization;

namespace FleetPortal.Web.Startup;

/// <summary>The authorization policies of pages and API routes, named for who may pass.</summary>
public static class PortalPolicies
{
    /// <summary>Support staff: the whole fleet.</summary>
    public const string Support = "Support";

    /// <summary>A family admin: only their families' hosts (the services narrow the scope).</summary>
    public const string FamilyAdmin = "FamilyAdmin";

    /// <summary>Anyone signed in with a portal role; what they then see depends on the role.</summary>
    public const string Staff = "Staff";

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Support, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Support))
        .AddPolicy(FamilyAdmin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.FamilyAdmin))
        .AddPolicy(Staff, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.All));
}
