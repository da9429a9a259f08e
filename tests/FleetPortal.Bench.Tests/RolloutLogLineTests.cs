using FleetPortal.Bench.Portal;

namespace FleetPortal.Bench.Tests;

public sealed class RolloutLogLineTests
{
    [Fact]
    public void Parse_ThePortalsRolloutLine_GivesItsWriteAndItsSends()
    {
        var line = RolloutLogLine.Parse("info: FleetPortal.Web.Services.Deployments.RolloutCommands[0] Rollout to 10000 host(s): written in 167 ms, 10000 sent 94 ms later");

        Assert.Equal(new RolloutLogLine(167, 94), line);
        Assert.Equal(261, line!.HandedMs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Rollout to 10000 host(s): written in ms, 10000 sent 94 ms later")]
    [InlineData("10000 deployment(s) of a rollout sent to their hosts")]
    public void Parse_AnyOtherLine_IsNull(string? line)
    {
        Assert.Null(RolloutLogLine.Parse(line));
    }
}
