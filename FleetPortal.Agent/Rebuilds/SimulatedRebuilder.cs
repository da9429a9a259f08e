using System.Globalization;
using FleetPortal.Agent.Machine;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>
/// For demos and load tests (<c>--simulate</c>): instead of running Nix, writes a new generation
/// into a scratch system tree the way NixOS lays it out. Everything around it runs as for real.
/// </summary>
public sealed class SimulatedRebuilder(MachineStateReader machine) : IRebuilder
{
    public string Describe(RebuildPlan plan) => plan.Action == RebuildAction.Rollback
        ? $"simulated rollback to generation {plan.RollbackGeneration}"
        : "simulated " + NixosRebuildCommand.Format("nixos-rebuild", NixosRebuildCommand.RebuildArguments(plan));

    public Task<RebuildOutcome> RunAsync(RebuildPlan plan, Action<string> output, CancellationToken cancellationToken)
    {
        EnsureTree(machine, plan.HostName);
        if (plan.Action == RebuildAction.Rollback)
        {
            var target = plan.RollbackGeneration ?? 0;
            if (!machine.Generations().TryGetValue(target, out var storePath))
            {
                return Task.FromResult(new RebuildOutcome(false, null, $"The machine has no system generation {target}."));
            }

            output($"switching to system generation {target} (simulated)");
            Relink(machine.SystemProfile, $"system-{target}-link");
            Relink(Path.Combine(machine.Root, "run", "current-system"), storePath);
            return Task.FromResult(new RebuildOutcome(true, 0, null));
        }

        output("building the system configuration... (simulated)");
        var generation = (machine.NewestGeneration() ?? 0) + 1;
        var store = WriteGeneration(machine, plan.HostName, generation, plan.BundleDirectory);
        output("these 1 derivations will be built: (simulated)");
        output($"building '{store}.drv'... (simulated)");
        if (plan.Action == RebuildAction.Switch)
        {
            output("activating the configuration... (simulated)");
            Relink(Path.Combine(machine.Root, "run", "current-system"), store);
        }

        output($"system generation {generation} written (simulated)");
        return Task.FromResult(new RebuildOutcome(true, 0, null));
    }

    /// <summary>A first generation, current and booted, when the scratch tree is empty.</summary>
    public static void EnsureTree(MachineStateReader machine, string hostName)
    {
        if (machine.NewestGeneration() is not null)
        {
            return;
        }

        var store = WriteGeneration(machine, hostName, 1, null);
        Relink(Path.Combine(machine.Root, "run", "current-system"), store);
        Relink(Path.Combine(machine.Root, "run", "booted-system"), store);
    }

    private static string WriteGeneration(MachineStateReader machine, string hostName, int generation, string? bundleDirectory)
    {
        var name = $"/nix/store/{Guid.NewGuid():N}-nixos-system-{hostName}-simulated-{generation.ToString(CultureInfo.InvariantCulture)}";
        var directory = machine.InRoot(name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nixos-version"), "simulated\n");
        if (bundleDirectory is not null && File.Exists(Path.Combine(bundleDirectory, BundleFileNames.Packages)))
        {
            File.Copy(Path.Combine(bundleDirectory, BundleFileNames.Packages), Path.Combine(directory, BundleFileNames.Packages));
        }

        Directory.CreateDirectory(machine.ProfilesDirectory);
        Relink(machine.GenerationLink(generation), name);
        Relink(machine.SystemProfile, $"system-{generation.ToString(CultureInfo.InvariantCulture)}-link");
        return name;
    }

    /// <summary>Points a symbolic link somewhere else in one rename, as Nix does.</summary>
    private static void Relink(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var temporary = link + ".tmp-" + Guid.NewGuid().ToString("N");
        File.CreateSymbolicLink(temporary, target);
        File.Move(temporary, link, overwrite: true);
    }
}
