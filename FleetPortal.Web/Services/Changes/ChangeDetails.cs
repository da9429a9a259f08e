using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Diffs;

namespace FleetPortal.Web.Services.Changes;

/// <summary>
/// A change request with its decision and, while open, <see cref="Preview"/>: what approving it now
/// would change in the host's current revision. <see cref="WhyNotDecide"/> is null when the actor
/// may approve it; <see cref="Conflict"/> says why approval would be refused as it stands.
/// </summary>
public sealed record ChangeDetails(
    ChangeSummary Change,
    string? DeciderName,
    DateTimeOffset? DecidedAt,
    string? DecisionComment,
    int? ResultRevisionNumber,
    ConfigurationDiff? Preview,
    string? Conflict,
    string? WhyNotDecide,
    bool CanWithdraw);
