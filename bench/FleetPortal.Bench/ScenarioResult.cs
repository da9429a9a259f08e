namespace FleetPortal.Bench;

/// <summary>What one system under test did with N hosts.</summary>
public sealed record ScenarioResult(
    string Name,
    int Hosts,
    int Connected,
    double ConnectSeconds,
    ProcessMetrics ServerIdle,
    ProcessMetrics ServerConnected,
    long? ManagedBytesIdle,
    long? ManagedBytesConnected,
    IReadOnlyList<Latencies> FromCallRuns,
    IReadOnlyList<Latencies> FromServerRuns,
    IReadOnlyList<Latencies> FromFirstSendRuns,
    IReadOnlyList<double> SendLoopMs,
    int Lost,
    int Duplicated,
    double ServerCpuMs,
    double ClientCpuMs,
    HalfConnected? Half = null)
{
    public Latencies FromCall => Median(FromCallRuns);

    public Latencies FromServer => Median(FromServerRuns);

    public Latencies FromFirstSend => Median(FromFirstSendRuns);

    public double BytesPerConnection => Connected == 0 ? double.NaN : (double)(ServerConnected.RssBytes - ServerIdle.RssBytes) / Connected;

    /// <summary>RSS per connection over the second half of the fleet: the server's marginal memory per connection.</summary>
    public double MarginalBytesPerConnection =>
        Half is { } half && Connected > half.Connected ? (double)(ServerConnected.RssBytes - half.Metrics.RssBytes) / (Connected - half.Connected) : double.NaN;

    /// <summary>Live managed heap per connection over the second half of the fleet.</summary>
    public double MarginalManagedBytesPerConnection =>
        Half is { ManagedBytes: { } halfway } half && ManagedBytesConnected is { } all && Connected > half.Connected
            ? (double)(all - halfway) / (Connected - half.Connected)
            : double.NaN;

    private static Latencies Median(IReadOnlyList<Latencies> runs)
    {
        if (runs.Count == 0)
        {
            return new Latencies(0, double.NaN, double.NaN, double.NaN);
        }

        double Mid(Func<Latencies, double> pick) => runs.Select(pick).Order().ElementAt(runs.Count / 2);
        return new Latencies(runs[0].Count, Mid(r => r.P50), Mid(r => r.P99), Mid(r => r.Max));
    }
}
