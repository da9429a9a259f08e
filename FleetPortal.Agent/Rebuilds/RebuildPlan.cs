using FleetPortal.Core.Protocol;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>What one rebuild is to do.</summary>
/// <param name="Action">Switch, boot, or rollback.</param>
/// <param name="BundleDirectory">The verified bundle (not used by a rollback).</param>
/// <param name="IsFlake">The bundle has a <c>flake.nix</c>.</param>
/// <param name="HostName">The flake's output name, the host's name in the portal.</param>
/// <param name="RollbackGeneration">For a rollback: the generation to switch to.</param>
public sealed record RebuildPlan(RebuildAction Action, string? BundleDirectory, bool IsFlake, string HostName, int? RollbackGeneration);
