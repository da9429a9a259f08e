namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Which of a rollout's hosts this process sends to itself (those whose agent is connected here),
/// and the moment it claims them by: written as the deployments' <c>SentAt</c> in the transaction
/// that creates them, so no other process sends them too.
/// </summary>
public sealed record RolloutClaim(Func<int, bool> SendsHere, DateTimeOffset At);
