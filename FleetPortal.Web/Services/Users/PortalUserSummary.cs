namespace FleetPortal.Web.Services.Users;

/// <summary>A portal account as support staff see it in the users list.</summary>
public sealed record PortalUserSummary(
    string Id,
    string Email,
    string DisplayName,
    string? Role,
    IReadOnlyList<FamilyName> Families,
    DateTimeOffset? LockedOutUntil);
