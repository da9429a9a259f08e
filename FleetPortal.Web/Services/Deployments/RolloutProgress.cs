using FleetPortal.Web.Data;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// How far a rollout has come: what was asked (<paramref name="Description"/>, as its audit event
/// says it), by whom and when, and its deployments counted by status, of the hosts the reader may see.
/// </summary>
public sealed record RolloutProgress(
    long Id,
    string Description,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    int Hosts,
    int Pending,
    int Delivered,
    int Deferred,
    int Running,
    int Succeeded,
    int Failed,
    int Superseded,
    int Cancelled)
{
    /// <summary>A rollout's progress from its deployments counted by status (a status none is in may be left out).</summary>
    public static RolloutProgress Of(long id, string description, string requestedBy, DateTimeOffset requestedAt, IReadOnlyDictionary<DeploymentStatus, int> counts)
    {
        int In(DeploymentStatus status) => counts.GetValueOrDefault(status);
        return new RolloutProgress(id, description, requestedBy, requestedAt, counts.Values.Sum(),
            In(DeploymentStatus.Pending), In(DeploymentStatus.Delivered), In(DeploymentStatus.Deferred), In(DeploymentStatus.Running),
            In(DeploymentStatus.Succeeded), In(DeploymentStatus.Failed), In(DeploymentStatus.Superseded), In(DeploymentStatus.Cancelled));
    }

    /// <summary>Nothing of it is waiting or running any more: every host has its result, or was taken out.</summary>
    public bool Finished => DeploymentStatuses.NotStarted.Sum(Count) + Running == 0;

    /// <summary>Hosts that are done with it: succeeded, failed, superseded or cancelled.</summary>
    public int Done => Succeeded + Failed + Superseded + Cancelled;

    public int Count(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Pending => Pending,
        DeploymentStatus.Delivered => Delivered,
        DeploymentStatus.Deferred => Deferred,
        DeploymentStatus.Running => Running,
        DeploymentStatus.Succeeded => Succeeded,
        DeploymentStatus.Failed => Failed,
        DeploymentStatus.Superseded => Superseded,
        DeploymentStatus.Cancelled => Cancelled,
        _ => 0,
    };
}
