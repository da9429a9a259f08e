namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Gives each deployment sent from this process its turn: how long its agent holds it before it
/// stores and acknowledges it, fetches the bundle and asks the person at the desk. Every agent of a
/// rollout hears of it at once; what each then asks of the portal (the acknowledgement, the
/// bundle, the decision, the log, the result) comes at most <see cref="AgentHubOptions.StartsPerSecond"/>
/// a second, in the order of the sends. A deployment sent when no turn is taken starts at once; the
/// turns of many sent together begin once every agent can have heard of them (<see cref="HearingTime"/>).
/// </summary>
public sealed class DeploymentPacing(AgentHubOptions options, TimeProvider time)
{
    // 50 microseconds a deployment: half a second for 10,000.
    private const long HearingTicksPerDeployment = 500;

    private readonly Lock gate = new();
    private readonly long spacing = options.StartsPerSecond > 0 ? (long)(time.TimestampFrequency / options.StartsPerSecond) : 0;

    // The first free turn, on the time provider's clock.
    private long nextTurn;

    /// <summary>
    /// How long the portal takes to reach every agent of <paramref name="deployments"/> sent together,
    /// with room to spare: at 10,000 on two cores every agent had heard within 0.3-0.4 s of the
    /// first send. Until then the agents reached first leave the portal alone: their
    /// acknowledgements, bundle downloads and reports had come in while it was still sending, and
    /// the last agents heard of the rollout later for it.
    /// </summary>
    public static TimeSpan HearingTime(int deployments) =>
        deployments > 1 ? TimeSpan.FromTicks(deployments * HearingTicksPerDeployment) : TimeSpan.Zero;

    /// <summary>
    /// The wait before the next deployment's turn, in milliseconds; null for at once. It comes no
    /// sooner than <paramref name="hearing"/> from now (see <see cref="HearingTime"/>).
    /// </summary>
    public int? NextTurnAfterMs(TimeSpan hearing = default)
    {
        if (spacing == 0)
        {
            return null;
        }

        var now = time.GetTimestamp();
        long turn;
        lock (gate)
        {
            turn = Math.Max(now + (long)(hearing.TotalSeconds * time.TimestampFrequency), nextTurn);
            nextTurn = turn + spacing;
        }

        var wait = (turn - now) * 1000 / time.TimestampFrequency;
        return wait > 0 ? (int)Math.Min(wait, int.MaxValue) : null;
    }
}
