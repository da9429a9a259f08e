using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>The one place the <c>nixos-rebuild</c> and rollback command lines are built.</summary>
public static class NixosRebuildCommand
{
    /// <summary><c>switch|boot -I nixos-config=DIR/fleetportal.nix</c>, or <c>switch|boot --flake DIR#HOST</c>.</summary>
    public static IReadOnlyList<string> RebuildArguments(RebuildPlan plan)
    {
        var verb = plan.Action == RebuildAction.Boot ? "boot" : "switch";
        var directory = plan.BundleDirectory ?? throw new ArgumentException("A rebuild needs its bundle directory.", nameof(plan));
        return plan.IsFlake
            ? [verb, "--flake", $"{directory}#{plan.HostName}"]
            : [verb, "-I", $"nixos-config={Path.Combine(directory, BundleFileNames.EntryPoint)}"];
    }

    /// <summary><c>--switch-generation N -p PROFILE</c>: points the system profile back at generation N.</summary>
    public static IReadOnlyList<string> SwitchGenerationArguments(int generation, string systemProfile) =>
        ["--switch-generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture), "-p", systemProfile];

    public static string Format(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { executable }.Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
}
