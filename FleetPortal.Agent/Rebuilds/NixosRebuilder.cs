using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Machine;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>
/// The real rebuilder: <c>nixos-rebuild</c> for switch and boot; for a rollback, <c>nix-env
/// --switch-generation</c> on the system profile, then that generation's <c>switch-to-configuration switch</c>.
/// </summary>
public sealed class NixosRebuilder(AgentOptions options, MachineStateReader machine) : IRebuilder
{
    public string Describe(RebuildPlan plan) => plan.Action == RebuildAction.Rollback
        ? NixosRebuildCommand.Format(options.NixEnv, NixosRebuildCommand.SwitchGenerationArguments(plan.RollbackGeneration ?? 0, machine.SystemProfile))
            + $" && {SwitchToConfiguration(plan.RollbackGeneration ?? 0)} switch"
        : NixosRebuildCommand.Format(options.NixosRebuild, NixosRebuildCommand.RebuildArguments(plan));

    public async Task<RebuildOutcome> RunAsync(RebuildPlan plan, Action<string> output, CancellationToken cancellationToken)
    {
        if (plan.Action != RebuildAction.Rollback)
        {
            var code = await ProcessLines.RunAsync(options.NixosRebuild, NixosRebuildCommand.RebuildArguments(plan), output, cancellationToken);
            return code == 0 ? new RebuildOutcome(true, 0, null) : new RebuildOutcome(false, code, $"nixos-rebuild exited with code {code}.");
        }

        var generation = plan.RollbackGeneration ?? throw new RebuildException("A rollback needs the generation to return to.");
        if (!machine.Generations().ContainsKey(generation))
        {
            return new RebuildOutcome(false, null, $"The machine has no system generation {generation}.");
        }

        var switched = await ProcessLines.RunAsync(options.NixEnv, NixosRebuildCommand.SwitchGenerationArguments(generation, machine.SystemProfile), output, cancellationToken);
        if (switched != 0)
        {
            return new RebuildOutcome(false, switched, $"nix-env --switch-generation {generation} exited with code {switched}.");
        }

        var activated = await ProcessLines.RunAsync(SwitchToConfiguration(generation), ["switch"], output, cancellationToken);
        return activated == 0
            ? new RebuildOutcome(true, 0, null)
            : new RebuildOutcome(false, activated, $"switch-to-configuration of generation {generation} exited with code {activated}.");
    }

    /// <summary>The generation's own activation script, found through the profile below the system root.</summary>
    private string SwitchToConfiguration(int generation) =>
        machine.Generations().TryGetValue(generation, out var storePath)
            ? Path.Combine(machine.InRoot(storePath), "bin", "switch-to-configuration")
            : Path.Combine(machine.GenerationLink(generation), "bin", "switch-to-configuration");
}
