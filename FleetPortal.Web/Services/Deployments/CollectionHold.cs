using System.Runtime;

namespace FleetPortal.Web.Services.Deployments;

/// <summary>
/// Holds off the garbage collector while a large rollout is written and sent. With 10,000 agents
/// connected, a rollout allocated 37-72 MB between the call and the last send, so one collection
/// (of the ~80 MB young generation this machine gets) nearly always fell inside it; and that
/// collection found the rollout's own 9-11 MB of deployments, hosts and requests alive, copied
/// them, and paused every send for 47-62 ms. The memory asked for is committed at once (the
/// process grows by up to as much, which the collector keeps for later or gives back), so only rollouts of
/// <see cref="MinDeployments"/> or more hold, one at a time; a rollout that allocates more than it
/// asked for is simply collected, as without the hold.
/// </summary>
public sealed class CollectionHold : IDisposable
{
    /// <summary>Fewer deployments than this allocate too little for a collection to be likely.</summary>
    public const int MinDeployments = 1_000;

    /// <summary>
    /// What a rollout may allocate, per deployment, before the hold gives way: the most measured
    /// at 10,000 hosts was 7.2 KB, the agents' acknowledgements coming in meanwhile included.
    /// </summary>
    public const long BytesPerDeployment = 8 * 1024;

    private static int holding;

    private CollectionHold(bool held) => Held = held;

    /// <summary>Holds for a rollout of <paramref name="deployments"/>, when it is large and nothing else holds.</summary>
    public static CollectionHold For(int deployments)
    {
        if (deployments < MinDeployments || Interlocked.CompareExchange(ref holding, 1, 0) != 0)
        {
            return new CollectionHold(false);
        }

        try
        {
            // Never a full blocking collection to make room: with no room, there is no hold.
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(deployments * BytesPerDeployment, disallowFullBlockingGC: true))
            {
                return new CollectionHold(true);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than the runtime ever holds for: the rollout goes on without.
        }

        Volatile.Write(ref holding, 0);
        return new CollectionHold(false);
    }

    /// <summary>Whether the collector is held off for this rollout.</summary>
    public bool Held { get; }

    public void Dispose()
    {
        if (!Held)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The rollout allocated more than it asked for, and a collection ended the hold early.
        }
        finally
        {
            Volatile.Write(ref holding, 0);
        }
    }
}
