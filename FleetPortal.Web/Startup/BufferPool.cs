using System.Globalization;

namespace FleetPortal.Web.Startup;

/// <summary>
/// How many buffers of one size the process's shared pool keeps for reuse. Every agent connection's
/// pipes take their 4 KB blocks from it; by default it keeps 32 per core, and while a rollout is sent
/// to thousands of agents and their acknowledgements come in, thousands of blocks are out at once:
/// each block past those became a new array for the garbage collector, and the collections paused
/// the portal for about half the time the fleet took to receive. The pool only keeps what came back
/// to it, and gives up what it has not used for a while after a full collection.
/// </summary>
public static class BufferPool
{
    /// <summary>The runtime's setting, read once, when the pool is first used.</summary>
    public const string Setting = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>Buffers of each size kept per core: a rollout's blocks for 10,000 agents on two cores.</summary>
    public const int KeptPerCore = 8_192;

    /// <summary>Before anything rents a buffer: the first line of the program. A value the operator set stays.</summary>
    public static void KeepEnoughForAFleet()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Setting)))
        {
            Environment.SetEnvironmentVariable(Setting, KeptPerCore.ToString(CultureInfo.InvariantCulture));
        }
    }
}
