using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>Why and by whom deployments are cancelled, in the words their error and the audit log keep; one deployment or many alike.</summary>
public sealed class Cancellation
{
    public const int MaxReasonLength = 500;

    private readonly string why;

    private Cancellation(Actor actor, string why)
    {
        Actor = actor;
        this.why = why;
    }

    public Actor Actor { get; }

    /// <summary>The deployment's error from now on: "Cancelled by Sam Support: wrong revision".</summary>
    public string Error => $"Cancelled by {Actor.Description}" + Because;

    private string Because => why.Length > 0 ? $": {why}" : ".";

    /// <summary>Refuses a reason that is too long, naming <c>reason</c>; a missing or blank one is no reason.</summary>
    public static Cancellation By(Actor actor, string? reason)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length > MaxReasonLength)
        {
            throw new InvalidInputFailure("reason", $"A reason is at most {MaxReasonLength} characters; this one has {why.Length}.");
        }

        return new Cancellation(actor, why);
    }

    /// <summary>The audit log's words for one deployment cancelled.</summary>
    public string Details(Deployment deployment, string hostName) =>
        $"{Actor.Description} cancelled the deployment of revision {deployment.RevisionNumber} to {hostName} before it started" + Because;
}
