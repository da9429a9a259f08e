namespace FleetPortal.Web.Services.Failures;

/// <summary>The actor may not do this (a family admin outside their families, a person at the desk deciding).</summary>
public sealed class AccessDeniedFailure(string message) : FleetFailure(message);
