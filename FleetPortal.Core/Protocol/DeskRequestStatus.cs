namespace FleetPortal.Core.Protocol;

/// <summary>
/// A package asked for at this host's desk and what became of it, for <c>fleetportal-agent status</c>
/// (<c>GET /api/agent/requests</c>). <see cref="Status"/> is <c>Open</c>, <c>Approved</c>,
/// <c>Rejected</c> or <c>Withdrawn</c>.
/// </summary>
public sealed record DeskRequestStatus(
    int ChangeRequestId,
    string Packages,
    string Reason,
    string AskedBy,
    DateTimeOffset AskedAt,
    string Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Comment);
