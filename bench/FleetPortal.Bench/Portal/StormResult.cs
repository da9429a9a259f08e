namespace FleetPortal.Bench.Portal;

/// <summary>
/// The reconnect storm: the portal killed while a rollout was being delivered, then started again.
/// <paramref name="Lost"/> counts deployments never received or never acknowledged;
/// <paramref name="Duplicated"/> counts rebuilds run more than once for one deployment;
/// <paramref name="Redelivered"/> counts deployments received again (by design, stored once).
/// </summary>
public sealed record StormResult(
    int Hosts,
    int PendingAtKill,
    double PortalStartSeconds,
    double ReconnectedSeconds,
    int Reconnected,
    double RecoveredSeconds,
    int Lost,
    int Duplicated,
    int Redelivered);
