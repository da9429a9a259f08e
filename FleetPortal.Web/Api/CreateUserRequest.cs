namespace FleetPortal.Web.Api;

/// <summary>
/// A portal account to make: sign-in e-mail, the name shown beside this person's changes, a first
/// password, the role (<c>Support</c> or <c>FamilyAdmin</c>) and, for a family admin, their families.
/// </summary>
public sealed record CreateUserRequest(
    string Email,
    string DisplayName,
    string Password,
    string Role,
    IReadOnlyList<int>? FamilyIds = null);
