using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Deployments cancelled by someone, at one moment, for one reason: the words their error and the
/// audit log keep, and the statement that writes it; one deployment or many alike.
/// </summary>
public sealed class Cancellation
{
    public const int MaxReasonLength = 500;

    private readonly string why;

    private Cancellation(Actor actor, string why, DateTimeOffset at)
    {
        Actor = actor;
        this.why = why;
        At = at;
    }

    public Actor Actor { get; }

    /// <summary>When the deployments were cancelled: their finish.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The deployment's error from now on: "Cancelled by Sam Support: wrong revision".</summary>
    public string Error => $"Cancelled by {Actor.Description}" + Because;

    private string Because => why.Length > 0 ? $": {why}" : ".";

    /// <summary>Refuses a reason that is too long, naming <c>reason</c>; a missing or blank one is no reason.</summary>
    public static Cancellation By(Actor actor, string? reason, DateTimeOffset at)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length > MaxReasonLength)
        {
            throw new InvalidInputFailure("reason", $"A reason is at most {MaxReasonLength} characters; this one has {why.Length}.");
        }

        return new Cancellation(actor, why, at);
    }

    /// <summary>The audit log's words for one deployment cancelled.</summary>
    public string Details(Deployment deployment, string hostName) =>
        $"{Actor.Description} cancelled the deployment of revision {deployment.RevisionNumber} to {hostName} before it started" + Because;

    /// <summary>
    /// Cancels those of <paramref name="ids"/> that have still not started, checked again in the
    /// statement that writes it (an agent may have started one since it was read); how many it cancelled.
    /// </summary>
    public Task<int> WriteAsync(FleetDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        return db.Deployments
            .Where(d => list.Contains(d.Id) && d.StartedAt == null && DeploymentStatuses.NotStarted.Contains(d.Status))
            .ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeploymentStatus.Cancelled)
                .SetProperty(x => x.FinishedAt, At)
                .SetProperty(x => x.DeferredUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.Error, Error), cancellationToken);
    }

    /// <summary>Makes a deployment read before the cancel what <see cref="WriteAsync"/> stored.</summary>
    public void Apply(Deployment deployment)
    {
        deployment.Status = DeploymentStatus.Cancelled;
        deployment.FinishedAt = At;
        deployment.DeferredUntil = null;
        deployment.Error = Error;
    }
}
