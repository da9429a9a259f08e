using FleetPortal.Core.Bundles;

namespace FleetPortal.Core.Protocol;

/// <summary>
/// Every file of one revision, generated ones included: the answer of <see cref="IAgentHub.DownloadBundle"/>
/// and the body of <c>GET /api/agent/revisions/{n}/bundle</c>.
/// </summary>
public sealed record BundleDownload(string HostName, int RevisionNumber, string ContentHash, IReadOnlyList<BundleFile> Files);
