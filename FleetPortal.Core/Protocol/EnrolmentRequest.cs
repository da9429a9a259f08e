using FleetPortal.Core.Bundles;

namespace FleetPortal.Core.Protocol;

/// <summary>The body of <c>POST /api/agent/enroll</c>.</summary>
/// <param name="Code">The one-time enrolment code, such as <c>ABCD-EFGH</c> (case, spaces and dashes do not matter).</param>
/// <param name="Files">The machine's configuration files (from <c>/etc/nixos</c>), relative paths; they become revision 1.</param>
/// <param name="State">The machine's state.</param>
/// <param name="AgentVersion">The agent's own version.</param>
public sealed record EnrolmentRequest(string Code, IReadOnlyList<BundleFile> Files, MachineState? State, string? AgentVersion);
