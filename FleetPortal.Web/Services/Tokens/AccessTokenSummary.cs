namespace FleetPortal.Web.Services.Tokens;

/// <summary>A personal access token as its owner sees it: never the token itself, only its first characters.</summary>
public sealed record AccessTokenSummary(
    int Id,
    string Name,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
