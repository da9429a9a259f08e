namespace FleetPortal.Web.Services.Failures;

/// <summary>
/// The fleet moved on under the request: someone else changed the host or decided the change first,
/// a file changed since it was edited, a name is taken. Nothing was written; reading again and
/// retrying is safe.
/// </summary>
public sealed class ConflictFailure(string message) : FleetFailure(message);
