using FleetPortal.Core.Bundles;

namespace FleetPortal.Core.Protocol;

/// <summary>The body of <c>GET /api/agent/revisions/{n}/bundle</c>: every file of the revision, generated ones included.</summary>
public sealed record BundleDownload(string HostName, int RevisionNumber, string ContentHash, IReadOnlyList<BundleFile> Files);
