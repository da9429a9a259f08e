using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// A revision as the bundle its host's agent builds, for the hub's <see cref="IAgentHub.DownloadBundle"/>
/// and the HTTP download alike. The host comes from the caller's token, never from the request:
/// a host sees only its own revisions.
/// </summary>
public sealed class RevisionBundles(IDbContextFactory<FleetDbContext> databases)
{
    /// <summary>The bundle of the agent's own revision <paramref name="number"/>; null when the host has no such revision.</summary>
    public async Task<BundleDownload?> ReadAsync(AgentIdentity agent, int number, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files)
            .FirstOrDefaultAsync(r => r.HostId == agent.HostId && r.Number == number, cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var bundle = BundleRenderer.Render(
            revision.Packages.Select(NixAttrPath.Parse),
            revision.Files.Select(f => new BundleFile(f.Path, f.Content)));

        // The stored hash, not a fresh one: an agent must notice if the files no longer match what was approved.
        return new BundleDownload(agent.HostName, revision.Number, revision.ContentHash, bundle.Files);
    }

    /// <summary>The characters of a bundle's paths and contents, to hold against <see cref="AgentProtocol.MaxHubBundleCharacters"/>.</summary>
    public static long Characters(BundleDownload bundle) => bundle.Files.Sum(f => (long)f.Path.Length + f.Content.Length);
}
