namespace FleetPortal.Web.Services.Agents;

/// <summary>Names of the agent token scheme, its authorization policy and its claims.</summary>
public static class AgentTokenAuthentication
{
    public const string Scheme = "AgentToken";

    public const string Policy = "Agent";

    public const string HostIdClaim = "fleetportal:host-id";

    public const string CredentialIdClaim = "fleetportal:credential-id";

    /// <summary>Browsers and some WebSocket clients cannot send headers; they send the token in this query parameter.</summary>
    public const string QueryParameter = "access_token";
}
