namespace FleetPortal.Web.Api;

/// <summary>A personal access token to make: what it is for, and optionally when it stops working.</summary>
public sealed record CreateTokenRequest(string Name, DateTimeOffset? ExpiresAt = null);
