namespace FleetPortal.Agent.Rebuilds;

/// <param name="Succeeded">The commands exited with 0.</param>
/// <param name="ExitCode">The exit code of the failing (or last) command.</param>
/// <param name="Error">Why it failed, in words.</param>
public sealed record RebuildOutcome(bool Succeeded, int? ExitCode, string? Error);
