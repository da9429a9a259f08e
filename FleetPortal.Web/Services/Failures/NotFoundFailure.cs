namespace FleetPortal.Web.Services.Failures;

/// <summary>The host, change, revision or deployment does not exist, or is not visible to the actor.</summary>
public sealed class NotFoundFailure(string message) : FleetFailure(message);
