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
    string? DashboardNote)
{
    public static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}
