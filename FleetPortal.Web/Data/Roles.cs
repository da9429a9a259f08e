namespace FleetPortal.Web.Data;

public static class Roles
{
    /// <summary>Sees and changes the whole fleet.</summary>
    public const string Support = "Support";

    /// <summary>Sees and decides for the hosts of their own families only.</summary>
    public const string FamilyAdmin = "FamilyAdmin";

    public static readonly IReadOnlyList<string> All = [Support, FamilyAdmin];
}
