namespace FleetPortal.Bench.Portal;

/// <summary>What only the FleetPortal scenario measures, beside the figures every system has.</summary>
public sealed record PortalFindings(
    double ProvisionSeconds,
    double EnrolSeconds,
    IReadOnlyList<double> RolloutCallMs,
    IReadOnlyList<double> LastAcknowledgementMs,
    IReadOnlyList<double> AllFinishedSeconds,
    IReadOnlyList<double> ApprovalToAgentMs,
    StormResult? Storm,
    long? AgentIdleRssBytes,
    double? HostsPageFirstRenderMs,
    ApiTimings? HostsApi,
    string? DashboardNote,
    EnrolledIdle? EnrolledIdle = null,
    IReadOnlyList<RolloutLogLine>? RolloutsLogged = null,
    IReadOnlyList<double>? RolloutProgressMs = null,
    int RolloutProgressDisagreed = 0)
{
    /// <summary>Per connected agent, from the enrolled fleet with none connected: what the connections alone hold.</summary>
    public double RssBytesPerAgent(ScenarioResult connected) =>
        EnrolledIdle is { } idle && connected.Connected > 0 ? (double)(connected.ServerConnected.RssBytes - idle.Metrics.RssBytes) / connected.Connected : double.NaN;

    public double ManagedBytesPerAgent(ScenarioResult connected) =>
        EnrolledIdle is { } idle && connected.ManagedBytesConnected is { } managed && connected.Connected > 0 ? (double)(managed - idle.ManagedBytes) / connected.Connected : double.NaN;

    public static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
