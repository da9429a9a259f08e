namespace FleetPortal.Web.Data;

/// <summary>One NixOS machine of the fleet, its configuration history and what its agent last reported.</summary>
public sealed class Host
{
    public int Id { get; set; }

    /// <summary>The machine's hostname, unique in the fleet.</summary>
    public required string Name { get; set; }

    public int? FamilyId { get; set; }

    public Family? Family { get; set; }

    /// <summary>The number of the newest revision, the one new changes apply to; 0 before the first.</summary>
    public int CurrentRevisionNumber { get; set; }

    /// <summary>Bumped by every write to the configuration, so two editors never silently overwrite each other.</summary>
    public int ConfigurationVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public HostState State { get; set; } = new();

    public List<Revision> Revisions { get; set; } = [];
}
