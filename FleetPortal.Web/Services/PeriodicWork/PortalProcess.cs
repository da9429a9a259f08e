namespace FleetPortal.Web.Services.PeriodicWork;

/// <summary>
/// This portal process among the others that share the fleet database: the holder name of the job
/// leases it takes. Machine and process id for people reading the table, plus a random part so a
/// restarted process that gets the same pid is never mistaken for its dead predecessor.
/// </summary>
public sealed class PortalProcess
{
    public string Id { get; } =
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
