using FleetPortal.Web.Startup;

namespace FleetPortal.Web.Tests.Startup;

/// <summary>The runtime reads the setting once per process; these tests only look at what the portal sets, and put it back.</summary>
public sealed class BufferPoolTests : IDisposable
{
    private readonly string? before = Environment.GetEnvironmentVariable(BufferPool.Setting);

    public void Dispose() => Environment.SetEnvironmentVariable(BufferPool.Setting, before);

    [Fact]
    public void KeepEnoughForAFleet_WhenNothingIsSet_KeepsAFleetsBuffersPerCore()
    {
        Environment.SetEnvironmentVariable(BufferPool.Setting, null);

        BufferPool.KeepEnoughForAFleet();

        Assert.Equal("8192", Environment.GetEnvironmentVariable(BufferPool.Setting));
    }

    [Fact]
    public void KeepEnoughForAFleet_KeepsWhatTheOperatorSet()
    {
        Environment.SetEnvironmentVariable(BufferPool.Setting, "64");

        BufferPool.KeepEnoughForAFleet();

        Assert.Equal("64", Environment.GetEnvironmentVariable(BufferPool.Setting));
    }
}
