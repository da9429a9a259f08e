using FleetPortal.Agent.Deployments;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Tests;

public sealed class InterruptedRebuildTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public void Switch_WhoseNewGenerationIsCurrent_Succeeded() =>
        Assert.Equal((true, 5), Outcome(RebuildAction.Switch, before: 4, current: 5, newest: 5));

    [Fact]
    public void Switch_WhoseNewGenerationWasBuiltButNotActivated_Failed() =>
        Assert.Equal((false, null), Outcome(RebuildAction.Switch, before: 4, current: 4, newest: 5));

    [Fact]
    public void Boot_WhoseNewGenerationExists_Succeeded() =>
        Assert.Equal((true, 5), Outcome(RebuildAction.Boot, before: 4, current: 4, newest: 5));

    [Fact]
    public void Rebuild_ThatLeftNoNewGeneration_FailedSayingSo()
    {
        var result = InterruptedRebuild.Outcome(new RunningDeployment(Id, RebuildAction.Switch, 4, null, DateTimeOffset.UnixEpoch), State(4), 4);

        Assert.False(result.Succeeded);
        Assert.Contains("generation 4 is still running", result.Error);
    }

    [Fact]
    public void Rollback_OnTheTargetGeneration_Succeeded()
    {
        var result = InterruptedRebuild.Outcome(new RunningDeployment(Id, RebuildAction.Rollback, 5, 3, DateTimeOffset.UnixEpoch), State(3), 5);

        Assert.Equal((true, 3), (result.Succeeded, result.Generation));
    }

    private static (bool, int?) Outcome(RebuildAction action, int before, int current, int newest)
    {
        var result = InterruptedRebuild.Outcome(new RunningDeployment(Id, action, before, null, DateTimeOffset.UnixEpoch), State(current), newest);
        return (result.Succeeded, result.Generation);
    }

    private static MachineState State(int current) => new(current, current, "24.05", false, Enumerable.Range(1, current).ToList());
}
