using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Revisions as the bundles their hosts' agents build, for the hub's <see cref="IAgentHub.DownloadBundle"/>
/// and the HTTP download alike. After a rollout every agent asks within a second or two: the
/// requests are read in batches (<see cref="CallBatches{TCall, TResult}"/>), two queries for all
/// that wait instead of one each, so that thousands of reads do not crowd out the agents'
/// acknowledgements; and only once the portal has sent the rollout to every agent
/// (<see cref="SendsUnderway"/>). The host comes from the caller's token, never from the
/// request: a host sees only its own revisions.
/// </summary>
public sealed class RevisionBundles(
    IDbContextFactory<FleetDbContext> databases,
    SendsUnderway sends,
    TimeProvider time,
    ILogger<RevisionBundles> logger) : BackgroundService
{
    private readonly CallBatches<BundleCall, BundleDownload?> batches =
        new("The portal could not read the bundle just now; ask again.", logger);

    /// <summary>The bundle of the agent's own revision <paramref name="number"/>; null when the host has no such revision.</summary>
    public Task<BundleDownload?> ReadAsync(AgentIdentity agent, int number) => batches.EnqueueAsync(new BundleCall(agent, number));

    /// <summary>The characters of a bundle's paths and contents, to hold against <see cref="AgentProtocol.MaxHubBundleCharacters"/>.</summary>
    public static long Characters(BundleDownload bundle) => bundle.Files.Sum(f => (long)f.Path.Length + f.Content.Length);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => batches.RunAsync(ReadAsync, stoppingToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        batches.Complete();
        return base.StopAsync(cancellationToken);
    }

    private async Task ReadAsync(IReadOnlyList<BatchedCall<BundleCall, BundleDownload?>> batch)
    {
        await sends.WhenNoneAsync(time);
        await using var db = await databases.CreateDbContextAsync();
        var wanted = batch.Select(b => (b.Call.Agent.HostId, b.Call.Number)).ToHashSet();
        var hostIds = wanted.Select(w => w.HostId).Distinct().ToList();
        var numbers = wanted.Select(w => w.Number).Distinct().ToList();

        // Ids first (a host's other revisions of the same numbers are only a few integers), then
        // the files of exactly the revisions asked for.
        var ids = (await db.Revisions.AsNoTracking()
            .Where(r => hostIds.Contains(r.HostId) && numbers.Contains(r.Number))
            .Select(r => new { r.Id, r.HostId, r.Number })
            .ToListAsync())
            .Where(r => wanted.Contains((r.HostId, r.Number)))
            .Select(r => r.Id)
            .ToList();
        var revisions = await db.Revisions.AsNoTracking().Include(r => r.Files)
            .Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => (r.HostId, r.Number));

        foreach (var call in batch)
        {
            var (agent, number) = call.Call;
            call.Answer(revisions.TryGetValue((agent.HostId, number), out var revision) ? Bundle(agent, revision) : null);
        }
    }

    private static BundleDownload Bundle(AgentIdentity agent, Revision revision)
    {
        var bundle = BundleRenderer.Render(
            revision.Packages.Select(NixAttrPath.Parse),
            revision.Files.Select(f => new BundleFile(f.Path, f.Content)));

        // The stored hash, not a fresh one: an agent must notice if the files no longer match what was approved.
        return new BundleDownload(agent.HostName, revision.Number, revision.ContentHash, bundle.Files);
    }

    private sealed record BundleCall(AgentIdentity Agent, int Number);
}
