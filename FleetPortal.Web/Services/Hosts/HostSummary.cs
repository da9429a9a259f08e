namespace FleetPortal.Web.Services.Hosts;

/// <summary>A host as one row of the fleet list.</summary>
public sealed record HostSummary(
    int Id,
    string Name,
    int? FamilyId,
    string? FamilyName,
    bool IsOnline,
    DateTimeOffset? LastSeen,
    int CurrentRevisionNumber,
    int? AppliedRevisionNumber,
    bool RebootNeeded,
    string? NixosVersion);
