using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Services;

/// <summary>
/// Two people writing one host at the same moment: exactly one wins, the other gets a conflict with
/// nothing written and its change still open, and retrying it applies on top, losing neither.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TransactionGate gate = new();

    public ConcurrencyTests() =>
        portal.WithServices(services => services.ConfigureDbContext<FleetDbContext>(options => options.AddInterceptors(gate)));

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Approve_TwoChangesOfOneHostAtOnce_OneWinsTheOtherConflictsAndItsRetryKeepsBoth()
    {
        var support = await portal.CreateSupportAsync();
        var colleague = await portal.CreateSupportAsync("Cleo Colleague");
        await portal.CreateHostAsync("alice-laptop", null, "git");
        var vlc = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var gimp = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(colleague, "alice-laptop", new ProposedChange(Add: ["gimp"])));
        gate.Arm(2);

        var outcomes = await Task.WhenAll(
            ApproveCatchingAsync(support, gimp.Change.Id),
            ApproveCatchingAsync(colleague, vlc.Change.Id));

        var winner = Assert.Single(outcomes, o => o.Result is not null);
        var loser = Assert.Single(outcomes, o => o.Failure is not null);
        Assert.IsType<ConflictFailure>(loser.Failure);
        Assert.Contains("at the same time", loser.Failure!.Message);
        await using (var db = portal.CreateDbContext())
        {
            Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync(c => c.Id == loser.ChangeId)).Status);
            Assert.Equal(2, await db.Revisions.CountAsync());
            Assert.Single(await db.Deployments.ToListAsync());
            Assert.Equal(2, (await db.Hosts.SingleAsync()).CurrentRevisionNumber);
        }

        var retried = await portal.WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(support, loser.ChangeId));

        Assert.Equal(3, retried.RevisionNumber);
        await using var check = portal.CreateDbContext();
        Assert.Equal(["gimp", "git", "vlc"], (await check.Revisions.SingleAsync(r => r.Number == 3)).Packages);
        Assert.Equal(DeploymentStatus.Superseded, (await check.Deployments.SingleAsync(d => d.Id == winner.Result!.DeploymentId)).Status);
    }

    [Fact]
    public async Task ApproveAndRedeploy_OfOneHostAtOnce_OneWinsTheOtherConflicts()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");
        var vlc = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        gate.Arm(2);

        var approve = ApproveCatchingAsync(support, vlc.Change.Id);
        var redeploy = CatchAsync(() => portal.WithAsync<DeploymentCommands, DeploymentSummary>(d => d.RedeployAsync(support, "alice-laptop", 1)));
        await Task.WhenAll(approve, redeploy);

        var failures = new[] { (await approve).Failure, await redeploy }.Where(f => f is not null).ToList();
        Assert.IsType<ConflictFailure>(Assert.Single(failures));
        await using var db = portal.CreateDbContext();
        Assert.Single(await db.Deployments.ToListAsync());
    }

    private async Task<(int ChangeId, ApprovalResult? Result, FleetFailure? Failure)> ApproveCatchingAsync(FleetPortal.Web.Services.Access.Actor actor, int changeId)
    {
        try
        {
            return (changeId, await portal.WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(actor, changeId)), null);
        }
        catch (FleetFailure failure)
        {
            return (changeId, null, failure);
        }
    }

    private static async Task<FleetFailure?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (FleetFailure failure)
        {
            return failure;
        }
    }
}
