using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Services;

public class DeploymentCommandsTests : IDisposable
{
    private readonly PortalFactory portal;

    public DeploymentCommandsTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="DeploymentCommandsTestsOnPostgres"/>).</summary>
    protected DeploymentCommandsTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private Task<DeploymentSummary> Deploy(Func<DeploymentCommands, Task<DeploymentSummary>> use) => portal.WithAsync(use);

    private async Task<Host> HostWithTwoRevisionsAsync(FleetPortal.Web.Services.Access.Actor support)
    {
        var host = await portal.CreateHostAsync("alice-laptop", null, "git");
        var change = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        await portal.WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(support, change.Change.Id));
        return host;
    }

    [Fact]
    public async Task Redeploy_OfTheCurrentRevision_CreatesAPendingDeploymentAndSupersedesTheOlderOne()
    {
        var support = await portal.CreateSupportAsync();
        await HostWithTwoRevisionsAsync(support);

        var deployment = await Deploy(d => d.RedeployAsync(support, "alice-laptop", 2));

        Assert.Equal((DeploymentAction.Switch, 2, DeploymentStatus.Pending), (deployment.Action, deployment.RevisionNumber, deployment.Status));
        await using var db = portal.CreateDbContext();
        Assert.Equal(2, await db.Revisions.CountAsync());
        Assert.Equal(DeploymentStatus.Superseded, (await db.Deployments.SingleAsync(d => d.Id != deployment.Id)).Status);
    }

    [Fact]
    public async Task Redeploy_OfAnOlderRevision_RestoresItAsTheNextRevision()
    {
        var support = await portal.CreateSupportAsync();
        await HostWithTwoRevisionsAsync(support);

        var deployment = await Deploy(d => d.RedeployAsync(support, "alice-laptop", 1));

        Assert.Equal(3, deployment.RevisionNumber);
        await using var db = portal.CreateDbContext();
        var restored = await db.Revisions.SingleAsync(r => r.Number == 3);
        var original = await db.Revisions.SingleAsync(r => r.Number == 1);
        Assert.Equal(original.ContentHash, restored.ContentHash);
        Assert.Equal(original.Packages, restored.Packages);
        Assert.Equal(3, (await db.Hosts.SingleAsync()).CurrentRevisionNumber);
    }

    [Fact]
    public async Task Redeploy_OfAnUnknownRevision_IsNotFoundAndWritesNothing()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");

        await Assert.ThrowsAsync<NotFoundFailure>(() => Deploy(d => d.RedeployAsync(support, "alice-laptop", 7)));

        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Deployments.ToListAsync());
    }

    [Fact]
    public async Task Rollback_ToAnEarlierGeneration_IsADeploymentOfItsOwnWithTheRevisionThatGenerationCameFrom()
    {
        var support = await portal.CreateSupportAsync();
        var host = await HostWithTwoRevisionsAsync(support);
        await using (var db = portal.CreateDbContext())
        {
            var first = await db.Deployments.SingleAsync();
            first.Status = DeploymentStatus.Succeeded;
            first.ResultGeneration = 12;
            var stored = await db.Hosts.SingleAsync();
            stored.State.CurrentGeneration = 14;
            await db.SaveChangesAsync();
        }

        var changes = new List<FleetChange>();
        using var subscription = portal.Services.GetRequiredService<IFleetNotifier>().Subscribe(change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            return Task.CompletedTask;
        });

        var rollback = await Deploy(d => d.RollbackAsync(support, "alice-laptop", 12));

        Assert.Equal((DeploymentAction.Rollback, (int?)12, 2), (rollback.Action, rollback.RollbackGeneration, rollback.RevisionNumber));
        lock (changes)
        {
            Assert.Contains(new FleetChange(FleetChangeKind.DeploymentCreated, host.Id, rollback.Id), changes);
        }

        await using var check = portal.CreateDbContext();
        var audit = await check.AuditEvents.SingleAsync(a => a.DeploymentId == rollback.Id);
        Assert.Equal(AuditActions.DeploymentCreated, audit.Action);
        Assert.Contains("generation 12", audit.Details);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(20)]
    public async Task Rollback_ToGenerationThatIsNotEarlier_IsRefusedNamingTheField(int generation)
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        await using (var db = portal.CreateDbContext())
        {
            (await db.Hosts.SingleAsync()).State.CurrentGeneration = 14;
            await db.SaveChangesAsync();
        }

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() => Deploy(d => d.RollbackAsync(support, "alice-laptop", generation)));

        Assert.Equal(["generation"], failure.Errors.Keys);
        await using var check = portal.CreateDbContext();
        Assert.Empty(await check.Deployments.ToListAsync());
    }

    [Fact]
    public async Task RedeployAndRollback_ByAFamilyAdminOutsideTheirFamily_AreRefused()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);

        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Deploy(d => d.RedeployAsync(admin, "acme-ws1", 1)));
        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Deploy(d => d.RollbackAsync(admin, "acme-ws1", 1)));
        var own = await Deploy(d => d.RedeployAsync(admin, "alice-laptop", 1));

        await using var db = portal.CreateDbContext();
        Assert.Equal([own.Id], await db.Deployments.Select(d => d.Id).ToListAsync());
    }
}
