namespace FleetPortal.Web.Data;

/// <summary>What the host's agent reported about the machine, and whether it is connected now.</summary>
public sealed class HostState
{
    public bool IsOnline { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    public int? CurrentGeneration { get; set; }

    public int? BootedGeneration { get; set; }

    public string? NixosVersion { get; set; }

    public string? AgentVersion { get; set; }

    public bool RebootNeeded { get; set; }

    /// <summary>The revision the machine last switched to successfully.</summary>
    public int? AppliedRevisionNumber { get; set; }
}
