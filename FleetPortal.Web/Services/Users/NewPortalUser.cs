namespace FleetPortal.Web.Services.Users;

/// <summary>A person to give a portal account: their sign-in e-mail, name, password, roles and families.</summary>
public sealed record NewPortalUser(
    string Email,
    string DisplayName,
    string Password,
    IReadOnlyList<string> Roles,
    IReadOnlyList<int>? FamilyIds = null);
