using System.Runtime;
using FleetPortal.Web.Services.Deployments;

namespace FleetPortal.Web.Tests.Services;

/// <summary>The garbage collector is its process's: these tests run alone, when no other test allocates.</summary>
[CollectionDefinition(nameof(GarbageCollectorAlone), DisableParallelization = true)]
public sealed class GarbageCollectorAlone;

/// <summary>A large rollout holds the garbage collector off while it is written and sent, and lets go after.</summary>
[Collection(nameof(GarbageCollectorAlone))]
public sealed class CollectionHoldTests
{
    [Fact]
    public void ALargeRollout_AllocatesWithoutACollection_MoreThanTheCollectorOtherwiseLetsGoUncollected()
    {
        var young = YoungGenerationMegabytes();
        var deployments = (int)(young * 2 * 1024 * 1024 / CollectionHold.BytesPerDeployment);

        using (var hold = CollectionHold.For(deployments))
        {
            Assert.True(hold.Held);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            var held = GC.CollectionCount(0);
            Allocate(young * 3 / 2);
            Assert.Equal(held, GC.CollectionCount(0));
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ASmallRollout_DoesNotHold()
    {
        using var hold = CollectionHold.For(CollectionHold.MinDeployments - 1);

        Assert.False(hold.Held);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ASecondRollout_GoesOnWithoutAHold_WhileTheFirstHolds_AndHoldsOnceItHasLetGo()
    {
        using (var first = CollectionHold.For(10_000))
        {
            using var second = CollectionHold.For(10_000);
            Assert.True(first.Held);
            Assert.False(second.Held);
        }

        using var third = CollectionHold.For(10_000);
        Assert.True(third.Held);
    }

    [Fact]
    public void ARolloutThatAllocatesMoreThanItAskedFor_IsCollected_AndLetsGoWithoutAnError()
    {
        using (var hold = CollectionHold.For(CollectionHold.MinDeployments))
        {
            Assert.True(hold.Held);
            var held = GC.CollectionCount(0);
            Allocate(YoungGenerationMegabytes() * 2);
            Assert.True(GC.CollectionCount(0) > held);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        using var next = CollectionHold.For(10_000);
        Assert.True(next.Held);
    }

    /// <summary>
    /// How much this process allocates between two collections (about 80 MB on a 2-core machine
    /// here): counted from one collection to the next, after a first to begin at one.
    /// </summary>
    private static int YoungGenerationMegabytes()
    {
        AllocateUntilCollected();
        return AllocateUntilCollected();
    }

    private static int AllocateUntilCollected()
    {
        var collections = GC.CollectionCount(0);
        for (var megabytes = 1; megabytes <= 1024; megabytes++)
        {
            Allocate(1);
            if (GC.CollectionCount(0) > collections)
            {
                return megabytes;
            }
        }

        throw new InvalidOperationException("1 GB allocated without a collection.");
    }

    /// <summary>Short-lived arrays of 1 KB, each kept only until the next, as a rollout's rows and messages are.</summary>
    private static void Allocate(int megabytes)
    {
        byte[]? last = null;
        for (var i = 0; i < megabytes * 1024; i++)
        {
            last = new byte[1000];
            last[0] = (byte)i;
        }

        GC.KeepAlive(last);
    }
}
