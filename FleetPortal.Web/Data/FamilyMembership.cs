namespace FleetPortal.Web.Data;

/// <summary>Makes a family admin responsible for one family.</summary>
public sealed class FamilyMembership
{
    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    public int FamilyId { get; set; }

    public Family? Family { get; set; }
}
