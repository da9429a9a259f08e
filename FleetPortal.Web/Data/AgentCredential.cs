namespace FleetPortal.Web.Data;

/// <summary>The bearer token of one host's agent, stored as its hash. A hub connection made with it acts for that host only.</summary>
public sealed class AgentCredential
{
    public int Id { get; set; }

    public int HostId { get; set; }

    public Host? Host { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
