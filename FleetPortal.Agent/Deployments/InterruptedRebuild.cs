using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// The true outcome of a rebuild the agent did not see to its end (the daemon or the machine
/// stopped): a newer generation that is now current (or, for <c>boot</c>, exists) means it went
/// through; for a rollback, being on the target generation does.
/// </summary>
public static class InterruptedRebuild
{
    public static DeploymentResult Outcome(RunningDeployment running, MachineState state, int? newest)
    {
        if (running.Action == RebuildAction.Rollback)
        {
            return state.CurrentGeneration == running.TargetGeneration
                ? new DeploymentResult(running.DeploymentId, true, running.TargetGeneration, null, null, [])
                : new DeploymentResult(running.DeploymentId, false, null, null, $"The agent stopped during the rollback and the machine is not on generation {running.TargetGeneration}.", []);
        }

        if (newest > (running.GenerationBefore ?? 0) && (running.Action == RebuildAction.Boot || state.CurrentGeneration == newest))
        {
            return new DeploymentResult(running.DeploymentId, true, newest, null, null, ["The agent restarted after the rebuild; the new generation is in place."]);
        }

        return new DeploymentResult(running.DeploymentId, false, null, null,
            $"The agent stopped during the rebuild (the daemon or the machine restarted) and no new system generation became active; generation {state.CurrentGeneration} is still running.", []);
    }
}
