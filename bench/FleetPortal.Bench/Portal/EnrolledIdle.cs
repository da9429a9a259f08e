namespace FleetPortal.Bench.Portal;

/// <summary>The portal's memory with every host enrolled and no agent connected yet.</summary>
public sealed record EnrolledIdle(ProcessMetrics Metrics, long ManagedBytes);
