using Microsoft.AspNetCore.Identity;

namespace FleetPortal.Web.Data;

/// <summary>A person who signs in to the portal: support staff or a family admin.</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public List<FamilyMembership> Families { get; set; } = [];
}
