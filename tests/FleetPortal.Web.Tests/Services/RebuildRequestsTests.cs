using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Services;

/// <summary>
/// A rollout reads its hosts' revisions ahead, beside its transaction: the requests it sends are the
/// ones the deployments would get read one by one, even when a host moved on to a newer revision
/// between the read and the write.
/// </summary>
public sealed class RebuildRequestsTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task RequestsBuiltFromTheReadAhead_AreTheRequestsReadForEachDeployment()
    {
        await portal.CreateHostAsync("alice-laptop", null, "firefox");
        await portal.CreateHostAsync("bob-desktop", null, "git");
        await portal.ApproveAsync("alice-laptop", "vlc", "gimp");

        await using var db = portal.CreateDbContext();
        var readAhead = await RebuildRequests.ReadAheadAsync(db, db.Hosts);
        var deployments = await NewestDeploymentsAsync(db);
        var ahead = await RebuildRequests.ForManyAsync(db, deployments, readAhead);
        var read = await RebuildRequests.ForManyAsync(db, deployments);

        Assert.Equal(read, ahead);
        Assert.Equal(2, readAhead.Count);
        var alice = Assert.Single(ahead, r => r.RevisionNumber == 2);
        Assert.Equal("gimp, vlc added", alice.Summary);
        Assert.Equal((await db.Revisions.SingleAsync(r => r.Number == 2)).ContentHash, alice.ContentHash);
    }

    [Fact]
    public async Task AHostThatMovedOnAfterTheReadAhead_GetsTheRevisionItsDeploymentDeploys()
    {
        await portal.CreateHostAsync("alice-laptop", null, "firefox");
        await using var db = portal.CreateDbContext();
        var readAhead = await RebuildRequests.ReadAheadAsync(db, db.Hosts);

        // Approved between the read and the rollout's write: the rollout deploys revision 2.
        await portal.ApproveAsync("alice-laptop", "vlc");
        var deployment = Assert.Single(await NewestDeploymentsAsync(db));
        var request = Assert.Single(await RebuildRequests.ForManyAsync(db, [deployment], readAhead));

        Assert.Equal(1, readAhead.Values.Single().Number);
        Assert.Equal(2, request.RevisionNumber);
        Assert.Equal("vlc added", request.Summary);
        Assert.Equal((await db.Revisions.SingleAsync(r => r.Number == 2)).ContentHash, request.ContentHash);
    }

    private static async Task<List<Deployment>> NewestDeploymentsAsync(FleetDbContext db)
    {
        var hosts = await db.Hosts.AsNoTracking().ToListAsync();
        var now = DateTimeOffset.UtcNow;
        return hosts.Select(h => new Deployment
        {
            Id = Guid.CreateVersion7(),
            HostId = h.Id,
            RevisionNumber = h.CurrentRevisionNumber,
            RequestedBy = "support",
            CreatedAt = now,
            Deadline = now.AddDays(1),
        }).ToList();
    }
}
