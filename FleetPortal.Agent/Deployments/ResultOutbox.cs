using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Deployments;

/// <summary>
/// Results wait in the state file until the portal has confirmed them, so none is lost to a
/// disconnection or a restart; each report ends with the machine's state.
/// </summary>
public sealed class ResultOutbox(AgentStateStore store, MachineStateReader machine, PortalLink link) : IDisposable
{
    private readonly SemaphoreSlim reporting = new(1, 1);

    /// <summary>Records the result (clearing the running or, for a refused bundle, the pending deployment) and reports it.</summary>
    public async Task FinishAsync(DeploymentResult result, bool pendingOnly)
    {
        store.Update(state =>
        {
            var finished = state.WithFinished(result.DeploymentId) with { Unreported = state.Unreported.Append(result).ToList() };
            return pendingOnly
                ? finished with { Pending = state.Pending?.Request.DeploymentId == result.DeploymentId ? null : state.Pending }
                : finished with { Running = null };
        });
        await ReportAsync();
    }

    /// <summary>Acknowledges the pending deployment again, sends every unconfirmed result, then the machine's state.</summary>
    public async Task ReportAsync()
    {
        await reporting.WaitAsync();
        try
        {
            if (store.Load().Pending is { } pending)
            {
                await link.TrySendAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(pending.Request.DeploymentId));
            }

            foreach (var result in store.Load().Unreported)
            {
                if (!await link.TryInvokeAsync(nameof(IAgentHub.ReportResult), result))
                {
                    return;
                }

                store.Update(state => state with { Unreported = state.Unreported.Where(r => r.DeploymentId != result.DeploymentId).ToList() });
            }

            await link.TryInvokeAsync(nameof(IAgentHub.ReportState), machine.Read());
        }
        finally
        {
            reporting.Release();
        }
    }

    public void Dispose() => reporting.Dispose();
}
