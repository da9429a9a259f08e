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
    public void Turns_OfManySentTogether_BeginOnceEveryAgentCanHaveHeard_ThenComeAtThePace()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 1_000 }, time);
        var hearing = DeploymentPacing.HearingTime(10_000);

        Assert.Equal(TimeSpan.FromMilliseconds(500), hearing);
        Assert.Equal([500, 501, 502], Enumerable.Range(0, 3).Select(_ => pacing.NextTurnAfterMs(hearing)));
    }

    [Fact]
    public void Turns_OfASecondRolloutSentMeanwhile_ComeAfterTheFirstOnes()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 100 }, time);
        foreach (var _ in Enumerable.Range(0, 10))
        {
            pacing.NextTurnAfterMs(TimeSpan.FromMilliseconds(200));
        }

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(200, pacing.NextTurnAfterMs(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void HearingTime_OfOneDeployment_IsNone_SoItStartsAtOnce()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 1_000 }, time);

        Assert.Equal(TimeSpan.Zero, DeploymentPacing.HearingTime(1));
        Assert.Null(pacing.NextTurnAfterMs(DeploymentPacing.HearingTime(1)));
    }

    [Fact]
    public void NoStartsPerSecond_StartsEveryDeploymentAtOnce()
    {
        var pacing = new DeploymentPacing(new AgentHubOptions { StartsPerSecond = 0 }, time);

        Assert.All(Enumerable.Range(0, 1_000).Select(_ => pacing.NextTurnAfterMs(DeploymentPacing.HearingTime(1_000))), Assert.Null);
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
