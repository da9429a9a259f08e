namespace FleetPortal.Web.Data;

/// <summary>
/// One immutable version of a host's configuration: its package list and its own files. The
/// generated files are rendered from these by <see cref="Core.Bundles.BundleRenderer"/>.
/// </summary>
public sealed class Revision
{
    public int Id { get; set; }

    public int HostId { get; set; }

    public Host? Host { get; set; }

    /// <summary>1, 2, 3... per host.</summary>
    public int Number { get; set; }

    /// <summary>Canonical package attribute paths, sorted and de-duplicated.</summary>
    public List<string> Packages { get; set; } = [];

    public List<RevisionFile> Files { get; set; } = [];

    /// <summary>The bundle's content hash (<see cref="Core.Bundles.BundleHash"/>), generated files included.</summary>
    public required string ContentHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who made it: a person's display name, or the agent for the configuration imported at enrolment.</summary>
    public required string CreatedBy { get; set; }

    public int? ChangeRequestId { get; set; }

    public string? Summary { get; set; }
}
