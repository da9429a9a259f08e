using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.State;

/// <param name="Request">As the portal sent it.</param>
/// <param name="DeferralsUsed">"Later" answers so far, the portal's count included.</param>
/// <param name="DeferredUntil">When to ask again, after a "Later".</param>
public sealed record PendingDeployment(RebuildRequest Request, int DeferralsUsed, DateTimeOffset? DeferredUntil);
