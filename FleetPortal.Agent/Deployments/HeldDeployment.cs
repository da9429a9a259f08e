using FleetPortal.Agent.Portal;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// A deployment the portal gave a later turn (<see cref="RebuildRequest.StartAfterMs"/>), held in
/// memory until then: not stored, not acknowledged, so the portal sends it again at the next hello
/// if the agent stops meanwhile. At its turn a <see cref="Turn"/> goes to the inbox, and the
/// deployment is taken up as if it had just arrived. Only the newest arrival is held: the portal
/// sends a host's deployments in the order they were made, and a newer one replaces an older one
/// that has not started. Held, taken and forgotten by the inbox's one reader only;
/// <see cref="Waiting"/> may be read from anywhere (<c>fleetportal-agent status</c>).
/// </summary>
public sealed class HeldDeployment(PortalLink link, TimeProvider time) : IDisposable
{
    /// <summary>The longest turn kept: a portal's turn beyond it (a setting gone wrong) is taken as this.</summary>
    public static readonly TimeSpan LongestTurn = TimeSpan.FromDays(1);

    private ITimer? timer;
    private volatile WaitingTurn? waiting;

    public Guid? DeploymentId => waiting?.Request.DeploymentId;

    /// <summary>The deployment held now and when its turn comes; null when none is.</summary>
    public WaitingTurn? Waiting => waiting;

    /// <summary>Holds the request until its turn; false when it is held already (it keeps its first turn).</summary>
    public bool Hold(RebuildRequest request)
    {
        if (DeploymentId == request.DeploymentId)
        {
            return false;
        }

        Forget();
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.StartAfterMs ?? 0, 0, LongestTurn.TotalMilliseconds));
        waiting = new WaitingTurn(request, time.GetUtcNow() + wait);
        timer = time.CreateTimer(_ => link.Inbox.Writer.TryWrite(new Turn(request)), null, wait, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>The held request whose turn came; null when it was replaced or withdrawn meanwhile.</summary>
    public RebuildRequest? Take(Turn turn)
    {
        if (!ReferenceEquals(waiting?.Request, turn.Request))
        {
            return null;
        }

        Forget();
        return turn.Request;
    }

    /// <summary>Lets go of the held request: a newer one arrived, or it was withdrawn.</summary>
    public void Forget()
    {
        timer?.Dispose();
        timer = null;
        waiting = null;
    }

    public void Dispose() => Forget();

    /// <summary>The turn of a held deployment came.</summary>
    public sealed record Turn(RebuildRequest Request);

    /// <summary>A held deployment, and the moment its turn comes.</summary>
    public sealed record WaitingTurn(RebuildRequest Request, DateTimeOffset TurnAt);
}
