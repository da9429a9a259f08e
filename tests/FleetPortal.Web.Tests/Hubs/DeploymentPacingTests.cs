using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FleetPortal.Web.Tests.Hubs;

/// <summary>Each deployment sent takes a turn: at most the set number of agents a second start their work.</summary>
public sealed class DeploymentPacingTests
{
    private const string Key = AgentHubOptions.SectionKey + ":StartsPerSecond";

    private readonly FakeTimeProvider time = new();

    [Fact]
    public void Turns_AtAHundredASecond_AreTenMillisecondsApart_AndTheFirstIsAtOnce()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 100 }, time);

        Assert.Equal([null, 10, 20, 30], Enumerable.Range(0, 4).Select(_ => pacing.NextTurnAfterMs()));
    }

    [Fact]
    public void Turns_CountFromNow_OnceTheTakenOnesHavePassed()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 100 }, time);
        pacing.NextTurnAfterMs();
        pacing.NextTurnAfterMs();

        time.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(5, pacing.NextTurnAfterMs());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(pacing.NextTurnAfterMs());
    }

    [Fact]
    public void NoStartsPerSecond_StartsEveryDeploymentAtOnce()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 0 }, time);

        Assert.All(Enumerable.Range(0, 1_000).Select(_ => pacing.NextTurnAfterMs()), Assert.Null);
    }

    [Theory]
    [InlineData("-1", "it must be from 0 (no pacing) to 1000000")]
    [InlineData("2000000", "it must be from 0 (no pacing) to 1000000")]
    [InlineData("NaN", "it must be from 0 (no pacing) to 1000000")]
    [InlineData("fast", "Double")]
    public void Start_WithBadStartsPerSecond_FailsNamingTheSettingAndWhatIsWrong(string value, string why)
    {
        using var portal = new PortalFactory().With(Key, value);

        var messages = StartFailure.Of(portal);

        Assert.Contains(Key, messages);
        Assert.Contains(why, messages);
        Assert.False(File.Exists(Path.Combine(portal.DataDirectory, "fleetportal.db")), "Nothing is written on a bad setting.");
    }
}
