using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Deployments;

/// <summary>What to do about a deployment now: install at once (and why), or ask with these choices.</summary>
/// <param name="InstallNow">Set when no question is asked: <see cref="DecisionKind.Unattended"/> or <see cref="DecisionKind.Forced"/>.</param>
/// <param name="Reason">Why it installs without asking, for the person at the desk.</param>
/// <param name="LaterUntil">When "Later" would ask again; null when "Later" is not offered.</param>
/// <param name="TomorrowUntil">When "Tomorrow" would ask again; null when it is not offered.</param>
public sealed record PromptPlan(DecisionKind? InstallNow, string? Reason, DateTimeOffset? LaterUntil, DateTimeOffset? TomorrowUntil);
