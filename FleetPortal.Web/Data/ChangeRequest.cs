namespace FleetPortal.Web.Data;

/// <summary>
/// A proposed change to one host's configuration, kept as operations (add this package, replace
/// that file) rather than a copy, so approving it applies to the host's configuration as it is then.
/// </summary>
public sealed class ChangeRequest
{
    public int Id { get; set; }

    public int HostId { get; set; }

    public Host? Host { get; set; }

    public ChangeKind Kind { get; set; }

    public ChangeStatus Status { get; set; }

    /// <summary>The portal user who proposed it; null for a request from the desk.</summary>
    public string? AuthorUserId { get; set; }

    /// <summary>Who proposed it, in words: a person's display name, or the local user at the desk.</summary>
    public required string AuthorName { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The host's revision when the change was proposed; the diff shown is against it.</summary>
    public int BaseRevisionNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<ChangeOperation> Operations { get; set; } = [];

    public string? DeciderUserId { get; set; }

    public string? DeciderName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    /// <summary>The revision written when it was approved.</summary>
    public int? ResultRevisionNumber { get; set; }
}
