namespace FleetPortal.Web.Data;

/// <summary>A token a person makes for the automation API; acts with that person's roles and families. Only its hash is stored.</summary>
public sealed class PersonalAccessToken
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    public required string Name { get; set; }

    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, shown so a person can tell their tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
