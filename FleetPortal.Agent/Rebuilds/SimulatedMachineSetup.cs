using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.State;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>In simulation, gives the scratch system tree a first generation before anything reads it.</summary>
public sealed class SimulatedMachineSetup(AgentOptions options, MachineStateReader machine, AgentStateStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Simulate)
        {
            SimulatedRebuilder.EnsureTree(machine, store.Load().HostName ?? Environment.MachineName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
