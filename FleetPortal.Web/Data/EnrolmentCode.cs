namespace FleetPortal.Web.Data;

/// <summary>A one-time code that lets a new machine enrol as the named host; only its hash is stored.</summary>
public sealed class EnrolmentCode
{
    public int Id { get; set; }

    public required string HostName { get; set; }

    public int? FamilyId { get; set; }

    public required string CodeHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When the portal recorded that it expired unused; null while valid, used, or not yet seen expired.</summary>
    public DateTimeOffset? ExpiredAt { get; set; }

    public required string CreatedBy { get; set; }
}
