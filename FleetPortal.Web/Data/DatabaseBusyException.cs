namespace FleetPortal.Web.Data;

/// <summary>
/// A write waited its whole time for the database and gave up before starting: nothing was written,
/// and the same request may simply be made again (HTTP answers 503 with Retry-After).
/// </summary>
public sealed class DatabaseBusyException(string message) : Exception(message);
