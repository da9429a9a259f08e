namespace FleetPortal.Web.Services.Users;

/// <summary>What support staff type to make an account; the person changes the password after signing in.</summary>
public sealed record NewPortalUser(string Email, string DisplayName, string Password, string Role, IReadOnlyList<int> FamilyIds);
