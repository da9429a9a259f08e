namespace FleetPortal.Core.Protocol;

/// <summary>What an agent reads from its machine.</summary>
/// <param name="CurrentGeneration">The system profile generation <c>/run/current-system</c> points to, if found.</param>
/// <param name="BootedGeneration">The generation <c>/run/booted-system</c> points to, if found.</param>
/// <param name="NixosVersion">The text of <c>/run/current-system/nixos-version</c>.</param>
/// <param name="RebootNeeded">The booted kernel, initrd or kernel modules differ from the current system's.</param>
/// <param name="Generations">Every generation number of the system profile, ascending.</param>
public sealed record MachineState(int? CurrentGeneration, int? BootedGeneration, string? NixosVersion, bool RebootNeeded, IReadOnlyList<int> Generations);
