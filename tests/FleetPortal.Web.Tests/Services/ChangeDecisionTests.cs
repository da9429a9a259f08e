using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Services;

/// <summary>Rejecting, withdrawing, requests from the desk, and who sees which pending changes.</summary>
public sealed class ChangeDecisionTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private Task<T> Workflow<T>(Func<ChangeWorkflow, Task<T>> use) => portal.WithAsync(use);

    [Fact]
    public async Task Reject_WithoutAComment_IsRefusedAndTheChangeStaysOpen()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() => portal.WithAsync<ChangeWorkflow>(w => w.RejectAsync(support, change.Change.Id, " ")));

        Assert.Equal(["comment"], failure.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync()).Status);
    }

    [Fact]
    public async Task Reject_ClosesTheChangeWithTheCommentAndAnAuditEvent()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));

        await portal.WithAsync<ChangeWorkflow>(w => w.RejectAsync(support, change.Change.Id, "use mpv"));

        await using var db = portal.CreateDbContext();
        var rejected = await db.ChangeRequests.SingleAsync();
        Assert.Equal((ChangeStatus.Rejected, "use mpv"), (rejected.Status, rejected.DecisionComment));
        var audit = await db.AuditEvents.OrderBy(a => a.Id).LastAsync();
        Assert.Equal(AuditActions.ChangeRejected, audit.Action);
        Assert.Contains("use mpv", audit.Details);
    }

    [Fact]
    public async Task Withdraw_ByTheAuthor_ClosesTheChange_ButNotBySomeoneElsesFamilyAdmin()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        var stranger = await portal.CreateFamilyAdminAsync("Ada Acme", acme.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));

        await Assert.ThrowsAsync<AccessDeniedFailure>(() => portal.WithAsync<ChangeWorkflow>(w => w.WithdrawAsync(stranger, change.Change.Id)));
        await portal.WithAsync<ChangeWorkflow>(w => w.WithdrawAsync(support, change.Change.Id));

        await using var db = portal.CreateDbContext();
        Assert.Equal(ChangeStatus.Withdrawn, (await db.ChangeRequests.SingleAsync()).Status);
        Assert.Equal(AuditActions.ChangeWithdrawn, (await db.AuditEvents.OrderBy(a => a.Id).LastAsync()).Action);
    }

    [Fact]
    public async Task RequestAtDesk_StoresOnePackageRequestWithTheLocalUserAndReason()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", family.Id);
        var host = await portal.CreateHostAsync("alice-laptop", family.Id);
        var desk = Actor.AtDesk(host.Id, host.Name, "alice");

        var request = await Workflow(w => w.RequestAtDeskAsync(desk, "vlc", "for school"));

        Assert.Equal((ChangeKind.DeskRequest, "alice at alice-laptop", "for school"), (request.Kind, request.AuthorName, request.Reason));
        var pending = await Workflow(w => w.ListPendingAsync(admin));
        Assert.Equal([request.Id], pending.Select(c => c.Id));
        await using var db = portal.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((AuditActions.ChangeRequestedAtDesk, "alice at alice-laptop"), (audit.Action, audit.Actor));
    }

    [Fact]
    public async Task RequestAtDesk_WithAHostilePackageName_IsRefusedNamingThePackageField()
    {
        var host = await portal.CreateHostAsync("alice-laptop");
        var desk = Actor.AtDesk(host.Id, host.Name, "alice");

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() => Workflow(w => w.RequestAtDeskAsync(desk, "vlc; rm -rf /", "x")));

        Assert.Equal(["package"], failure.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
    }

    [Fact]
    public async Task ListPending_ForAFamilyAdmin_ListsOnlyTheirFamiliesChanges()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        var mine = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var theirs = await Workflow(w => w.ProposeAsync(support, "acme-ws1", new ProposedChange(Add: ["vlc"])));

        var forAdmin = await Workflow(w => w.ListPendingAsync(admin));
        var forSupport = await Workflow(w => w.ListPendingAsync(support));

        Assert.Equal([mine.Change.Id], forAdmin.Select(c => c.Id));
        Assert.Equal([mine.Change.Id, theirs.Change.Id], forSupport.Select(c => c.Id));
    }

    [Fact]
    public async Task DeskAndAgentActors_CannotDecideOrProposeStaffChanges()
    {
        var support = await portal.CreateSupportAsync();
        var host = await portal.CreateHostAsync("alice-laptop");
        var desk = Actor.AtDesk(host.Id, host.Name, "alice");
        var agent = Actor.ForAgent(host.Id, host.Name);
        var change = await Workflow(w => w.RequestAtDeskAsync(desk, "vlc", null));

        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ApproveAsync(desk, change.Id)));
        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ApproveAsync(agent, change.Id)));
        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ProposeAsync(agent, "alice-laptop", new ProposedChange(Add: ["gimp"]))));
        Assert.Empty(await Workflow(w => w.ListPendingAsync(desk)));

        await portal.WithAsync<ChangeWorkflow>(w => w.WithdrawAsync(desk, change.Id));
        await using var db = portal.CreateDbContext();
        Assert.Equal(ChangeStatus.Withdrawn, (await db.ChangeRequests.SingleAsync()).Status);
    }
}
