namespace FleetPortal.Web.Services.Hosts;

/// <summary>What the host's agent last reported.</summary>
public sealed record HostStatus(
    bool IsOnline,
    DateTimeOffset? LastSeen,
    int? CurrentGeneration,
    int? BootedGeneration,
    string? NixosVersion,
    string? AgentVersion,
    bool RebootNeeded,
    int? AppliedRevisionNumber);
