namespace FleetPortal.Web.Api;

/// <summary>The revision to deploy again.</summary>
public sealed record RedeployRequest(int Revision);
