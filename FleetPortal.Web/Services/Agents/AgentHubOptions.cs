namespace FleetPortal.Web.Services.Agents;

/// <summary>Settings of the agent endpoints, under <c>FleetPortal:Agents</c>.</summary>
public sealed class AgentHubOptions
{
    public const string SectionKey = "FleetPortal:Agents";

    /// <summary>Enrolment attempts one client address may make per <see cref="EnrolmentWindow"/>.</summary>
    public int EnrolmentAttemptsPerWindow { get; set; } = 10;

    public TimeSpan EnrolmentWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many deployments a second this process lets its agents start (store, acknowledge, fetch,
    /// ask, rebuild, report): a rollout to 10,000 hosts reaches every agent at once, and their work
    /// for the portal comes over 10 s instead of the same second. 0 starts every one at once.
    /// </summary>
    public double StartsPerSecond { get; set; } = 1_000;

    public const double MaxStartsPerSecond = 1_000_000;
}
