namespace FleetPortal.Web.Services.Failures;

/// <summary>
/// Why a fleet service refused to act. Services throw it before writing anything; the API maps each
/// kind to one status code and the pages to one message, in one place each.
/// </summary>
public abstract class FleetFailure(string message) : Exception(message);
