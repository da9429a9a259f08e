using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Changes;

/// <summary>A change request as one row of a list.</summary>
public sealed record ChangeSummary(
    int Id,
    int HostId,
    string HostName,
    string? FamilyName,
    ChangeKind Kind,
    ChangeStatus Status,
    string AuthorName,
    string Reason,
    DateTimeOffset CreatedAt,
    int BaseRevisionNumber,
    IReadOnlyList<ChangeOperationView> Operations);
