namespace FleetPortal.Web.Services.Hosts;

/// <summary>One revision in a host's history.</summary>
public sealed record RevisionSummary(
    int Number,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string ContentHash,
    int? ChangeRequestId,
    string? Summary);
