namespace FleetPortal.Web.Services.Agents;

/// <summary>Settings of the agent endpoints, under <c>FleetPortal:Agents</c>.</summary>
public sealed class AgentHubOptions
{
    public const string SectionKey = "FleetPortal:Agents";

    /// <summary>Enrolment attempts one client address may make per <see cref="EnrolmentWindow"/>.</summary>
    public int EnrolmentAttemptsPerWindow { get; set; } = 10;

    public TimeSpan EnrolmentWindow { get; set; } = TimeSpan.FromMinutes(5);
}
