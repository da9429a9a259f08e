namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Gives each deployment sent from this process its turn: how long its agent holds it before it
/// stores and acknowledges it, fetches the bundle and asks the person at the desk. Every agent of a
/// rollout hears of it at once; what each then asks of the portal (the acknowledgement, the
/// bundle, the decision, the log, the result) comes at most <see cref="AgentHubOptions.StartsPerSecond"/>
/// a second, in the order of the sends. A deployment sent when no turn is taken starts at once.
/// </summary>
public sealed class DeploymentPacing(AgentHubOptions options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly long spacing = options.StartsPerSecond > 0 ? (long)(time.TimestampFrequency / options.StartsPerSecond) : 0;

    // The first free turn, on the time provider's clock.
    private long nextTurn;

    /// <summary>The wait before the next deployment's turn, in milliseconds; null for at once.</summary>
    public int? NextTurnAfterMs()
    {
        if (spacing == 0)
        {
            return null;
        }

        var now = time.GetTimestamp();
        long turn;
        lock (gate)
        {
            turn = Math.Max(now, nextTurn);
            nextTurn = turn + spacing;
        }

        var wait = (turn - now) * 1000 / time.TimestampFrequency;
        return wait > 0 ? (int)Math.Min(wait, int.MaxValue) : null;
    }
}
