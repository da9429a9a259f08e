namespace FleetPortal.Web.Services.Users;

/// <summary>Whether an account change was made, and if not, what is wrong in words.</summary>
public sealed record UserAdministrationResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static UserAdministrationResult Ok { get; } = new(true, []);

    public static UserAdministrationResult Failed(params string[] errors) => new(false, errors);
}
