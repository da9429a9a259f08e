namespace FleetPortal.Core.Protocol;

/// <param name="Package">A Nix attribute path such as <c>vlc</c> or <c>python3Packages.requests</c>.</param>
/// <param name="Reason">Why the person wants it, in their words.</param>
/// <param name="LocalUser">The login name at the desk, as the agent learnt it from its socket's peer credentials.</param>
public sealed record DeskPackageRequest(string Package, string Reason, string LocalUser);
