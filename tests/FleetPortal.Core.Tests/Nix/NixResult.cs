namespace FleetPortal.Core.Tests.Nix;

/// <summary>What one run of nix-instantiate printed and how it ended.</summary>
public sealed record NixResult(int ExitCode, string Output, string Error);
