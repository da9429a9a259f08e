namespace FleetPortal.Bench;

/// <summary>The server with the first half of the fleet connected: where its marginal memory per connection is counted from.</summary>
public sealed record HalfConnected(int Connected, ProcessMetrics Metrics, long? ManagedBytes);
