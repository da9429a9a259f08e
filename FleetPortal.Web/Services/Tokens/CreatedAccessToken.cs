namespace FleetPortal.Web.Services.Tokens;

/// <summary>A new personal access token: <see cref="Token"/> is shown this once; only its hash is stored.</summary>
public sealed record CreatedAccessToken(string Token, AccessTokenSummary Summary);
