using FleetPortal.Core.Bundles;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using FleetPortal.Web.Services.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Services;

public class ChangeWorkflowTests : IDisposable
{
    private readonly PortalFactory portal;

    public ChangeWorkflowTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="ChangeWorkflowTestsOnPostgres"/>).</summary>
    protected ChangeWorkflowTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private Task<T> Workflow<T>(Func<ChangeWorkflow, Task<T>> use) => portal.WithAsync(use);

    [Fact]
    public async Task Propose_WithAnInvalidPackageName_IsRefusedNamingTheFieldAndWritesNothing()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() =>
            Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["firefox", "let"], Reason: "browser"))));

        Assert.Equal(["add[1]"], failure.Errors.Keys);
        NixAttrPath.TryParse("let", out _, out var expected);
        Assert.Equal(expected, failure.Errors["add[1]"].Single());
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
        Assert.Empty(await db.AuditEvents.ToListAsync());
    }

    [Fact]
    public async Task Propose_WithNothingToDo_IsRefused()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() =>
            Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Reason: "nothing"))));

        Assert.Contains("add", failure.Errors.Keys);
    }

    [Fact]
    public async Task Propose_RecordsTheOperationsAndAnAuditEvent()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");

        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop",
            new ProposedChange(Add: ["vlc", "vlc"], Remove: ["git"], Files: [new FileEdit("extra.nix", "{ }\n")], Reason: "video")));

        Assert.Equal(ChangeStatus.Open, change.Change.Status);
        Assert.Equal(
            [(ChangeOperationKind.AddPackage, "vlc"), (ChangeOperationKind.RemovePackage, "git"), (ChangeOperationKind.WriteFile, "extra.nix")],
            change.Change.Operations.Select(o => (o.Kind, o.Package ?? o.FilePath)).ToList());
        Assert.Equal(["vlc"], change.Preview!.AddedPackages);
        Assert.Equal(["git"], change.Preview.RemovedPackages);
        await using var db = portal.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal(AuditActions.ChangeProposed, audit.Action);
        Assert.Equal("Sam Support", audit.Actor);
        Assert.Equal("alice-laptop", audit.HostName);
        Assert.Equal(change.Change.Id, audit.ChangeRequestId);
    }

    [Fact]
    public async Task Approve_WritesTheNextRevisionAndAPendingDeploymentWithTheFamilysPolicy()
    {
        var time = portal.UseFakeTime();
        var family = await portal.CreateFamilyAsync("Miller family");
        await using (var db = portal.CreateDbContext())
        {
            var policy = await db.Families.SingleAsync();
            policy.PromptMode = PromptMode.AskAlways;
            policy.MaxDeferrals = 5;
            policy.DeferralDeadline = TimeSpan.FromDays(2);
            await db.SaveChangesAsync();
        }

        var support = await portal.CreateSupportAsync();
        var host = await portal.CreateHostAsync("alice-laptop", family.Id, "git");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc", "firefox"], Reason: "media")));
        time.Advance(TimeSpan.FromHours(1));

        var result = await Workflow(w => w.ApproveAsync(support, change.Change.Id, "fine"));

        Assert.Equal(2, result.RevisionNumber);
        await using var check = portal.CreateDbContext();
        var revision = await check.Revisions.Include(r => r.Files).SingleAsync(r => r.HostId == host.Id && r.Number == 2);
        Assert.Equal(["firefox", "git", "vlc"], revision.Packages);
        var expected = BundleRenderer.Render(revision.Packages.Select(NixAttrPath.Parse), revision.Files.Select(f => new BundleFile(f.Path, f.Content)));
        Assert.Equal(expected.ContentHash, revision.ContentHash);
        Assert.Equal(change.Change.Id, revision.ChangeRequestId);
        var deployment = await check.Deployments.SingleAsync();
        Assert.Equal(result.DeploymentId, deployment.Id);
        Assert.Equal((DeploymentStatus.Pending, DeploymentAction.Switch, 2), (deployment.Status, deployment.Action, deployment.RevisionNumber));
        Assert.Equal((PromptMode.AskAlways, 5), (deployment.PromptMode, deployment.MaxDeferrals));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromDays(2), deployment.Deadline);
        var stored = await check.Hosts.SingleAsync();
        Assert.Equal(2, stored.CurrentRevisionNumber);
        Assert.True(stored.ConfigurationVersion > host.ConfigurationVersion);
        var decided = await check.ChangeRequests.SingleAsync();
        Assert.Equal((ChangeStatus.Approved, "Sam Support", "fine", (int?)2), (decided.Status, decided.DeciderName, decided.DecisionComment, decided.ResultRevisionNumber));
        Assert.Equal(
            [AuditActions.ChangeProposed, AuditActions.DeploymentCreated, AuditActions.ChangeApproved],
            await check.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Approve_ForAHostWithoutAFamily_UsesTheDefaultPolicy()
    {
        var time = portal.UseFakeTime();
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("lonely");
        var change = await Workflow(w => w.ProposeAsync(support, "lonely", new ProposedChange(Add: ["htop"])));

        await Workflow(w => w.ApproveAsync(support, change.Change.Id));

        await using var db = portal.CreateDbContext();
        var deployment = await db.Deployments.SingleAsync();
        Assert.Equal((PromptMode.Ask, 3, time.GetUtcNow() + TimeSpan.FromDays(3)), (deployment.PromptMode, deployment.MaxDeferrals, deployment.Deadline));
    }

    [Fact]
    public async Task Approve_AddingAPresentPackageOrRemovingAnAbsentOne_IsHarmless()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["git"], Remove: ["emacs"])));

        var result = await Workflow(w => w.ApproveAsync(support, change.Change.Id));

        await using var db = portal.CreateDbContext();
        var revision = await db.Revisions.SingleAsync(r => r.Number == result.RevisionNumber);
        Assert.Equal(["git"], revision.Packages);
    }

    [Fact]
    public async Task Approve_AppliesToTheCurrentRevisionNotTheOneItWasProposedOn()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");
        var first = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var second = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["gimp"], Remove: ["git"])));

        await Workflow(w => w.ApproveAsync(support, first.Change.Id));
        var result = await Workflow(w => w.ApproveAsync(support, second.Change.Id));

        Assert.Equal(3, result.RevisionNumber);
        await using var db = portal.CreateDbContext();
        Assert.Equal(["gimp", "vlc"], (await db.Revisions.SingleAsync(r => r.Number == 3)).Packages);
    }

    [Fact]
    public async Task Approve_WhenApproverIsTheAuthor_AndTheFamilyRequiresASecondApprover_IsRefused()
    {
        var family = await portal.CreateFamilyAsync("Acme Design", requiresSecondApprover: true);
        var support = await portal.CreateSupportAsync();
        var colleague = await portal.CreateSupportAsync("Cleo Colleague");
        await portal.CreateHostAsync("acme-ws1", family.Id);
        var change = await Workflow(w => w.ProposeAsync(support, "acme-ws1", new ProposedChange(Add: ["inkscape"])));

        var failure = await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ApproveAsync(support, change.Change.Id)));

        Assert.Contains("second person", failure.Message);
        await using (var db = portal.CreateDbContext())
        {
            Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync()).Status);
            Assert.Empty(await db.Deployments.ToListAsync());
            Assert.Single(await db.Revisions.ToListAsync());
        }

        var result = await Workflow(w => w.ApproveAsync(colleague, change.Change.Id));
        Assert.Equal(2, result.RevisionNumber);
    }

    [Fact]
    public async Task Approve_ByTheAuthor_InAFamilyWithoutTheSecondApproverRule_IsAllowed()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", family.Id);
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));

        var result = await Workflow(w => w.ApproveAsync(support, change.Change.Id));

        Assert.Equal(2, result.RevisionNumber);
    }

    [Fact]
    public async Task Approve_ByAFamilyAdminOutsideTheirFamily_IsRefusedAndWritesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        var outside = await Workflow(w => w.ProposeAsync(support, "acme-ws1", new ProposedChange(Add: ["vlc"])));
        var inside = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));

        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ApproveAsync(admin, outside.Change.Id)));
        var result = await Workflow(w => w.ApproveAsync(admin, inside.Change.Id));

        Assert.Equal("alice-laptop", result.HostName);
        await using var db = portal.CreateDbContext();
        Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync(c => c.Id == outside.Change.Id)).Status);
        Assert.Single(await db.Deployments.ToListAsync());
    }

    [Fact]
    public async Task Approve_WhenAnEditedFileChangedSinceTheProposal_IsAConflictAndTheChangeStaysOpen()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        var host = await portal.WithAsync<HostQueries, HostDetails>(q => q.GetAsync(support, "alice-laptop"));
        var seen = host.Files.Single(f => f.Path == "configuration.nix");
        var mine = await Workflow(w => w.ProposeAsync(support, "alice-laptop",
            new ProposedChange(Files: [new FileEdit("configuration.nix", seen.Content + "# mine\n", seen.ContentHash)])));
        var theirs = await Workflow(w => w.ProposeAsync(support, "alice-laptop",
            new ProposedChange(Files: [new FileEdit("configuration.nix", seen.Content + "# theirs\n", seen.ContentHash)])));
        await Workflow(w => w.ApproveAsync(support, theirs.Change.Id));

        var failure = await Assert.ThrowsAsync<ConflictFailure>(() => Workflow(w => w.ApproveAsync(support, mine.Change.Id)));

        Assert.Contains("configuration.nix changed since this change was proposed", failure.Message);
        await using var db = portal.CreateDbContext();
        var kept = await db.ChangeRequests.Include(c => c.Operations).SingleAsync(c => c.Id == mine.Change.Id);
        Assert.Equal(ChangeStatus.Open, kept.Status);
        Assert.Equal(seen.Content + "# mine\n", kept.Operations.Single().NewContent);
        Assert.Equal(2, await db.Revisions.CountAsync());
        var details = await Workflow(w => w.GetAsync(support, mine.Change.Id));
        Assert.NotNull(details.Conflict);
    }

    [Fact]
    public async Task Propose_WithAFileEditOnTextThatChangedSinceItWasOpened_IsAConflictAndWritesNothing()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");

        await Assert.ThrowsAsync<ConflictFailure>(() => Workflow(w => w.ProposeAsync(support, "alice-laptop",
            new ProposedChange(Files: [new FileEdit("configuration.nix", "{ }\n", FileContentHash.Compute("something else"))]))));

        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
    }

    [Fact]
    public async Task Approve_SupersedesTheHostsOlderDeploymentsThatHaveNotStarted()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        await portal.CreateHostAsync("bob-desktop");
        var first = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var other = await Workflow(w => w.ProposeAsync(support, "bob-desktop", new ProposedChange(Add: ["vlc"])));
        var second = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["gimp"])));
        var old = await Workflow(w => w.ApproveAsync(support, first.Change.Id));
        var untouched = await Workflow(w => w.ApproveAsync(support, other.Change.Id));

        var latest = await Workflow(w => w.ApproveAsync(support, second.Change.Id));

        await using var db = portal.CreateDbContext();
        Assert.Equal(DeploymentStatus.Superseded, (await db.Deployments.SingleAsync(d => d.Id == old.DeploymentId)).Status);
        Assert.Equal(DeploymentStatus.Pending, (await db.Deployments.SingleAsync(d => d.Id == latest.DeploymentId)).Status);
        Assert.Equal(DeploymentStatus.Pending, (await db.Deployments.SingleAsync(d => d.Id == untouched.DeploymentId)).Status);
        Assert.Single(await db.AuditEvents.Where(a => a.Action == AuditActions.DeploymentSuperseded && a.DeploymentId == old.DeploymentId).ToListAsync());
    }

    [Fact]
    public async Task Approve_OfAChangeAlreadyDecided_IsAConflict()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        await portal.WithAsync<ChangeWorkflow>(w => w.RejectAsync(support, change.Change.Id, "not now"));

        var failure = await Assert.ThrowsAsync<ConflictFailure>(() => Workflow(w => w.ApproveAsync(support, change.Change.Id)));

        Assert.Contains("already rejected by Sam Support", failure.Message);
    }

    [Fact]
    public async Task Approve_TellsListenersOnlyAfterCommit_SoTheyReadTheNewDeployment()
    {
        var support = await portal.CreateSupportAsync();
        var host = await portal.CreateHostAsync("alice-laptop");
        var change = await Workflow(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var heard = new List<(FleetChange Change, bool DeploymentVisible)>();
        using var subscription = portal.Services.GetRequiredService<IFleetNotifier>().Subscribe(async news =>
        {
            await using var db = portal.CreateDbContext();
            var visible = news.DeploymentId is { } id && await db.Deployments.AnyAsync(d => d.Id == id);
            lock (heard)
            {
                heard.Add((news, visible));
            }
        });

        var result = await Workflow(w => w.ApproveAsync(support, change.Change.Id));

        lock (heard)
        {
            Assert.Contains((new FleetChange(FleetChangeKind.DeploymentCreated, host.Id, result.DeploymentId, change.Change.Id), true), heard);
            Assert.Contains(heard, h => h.Change == new FleetChange(FleetChangeKind.ChangeRequestChanged, host.Id, ChangeRequestId: change.Change.Id));
        }
    }

    [Fact]
    public async Task Propose_ByAFamilyAdmin_IsAllowedInTheirFamilyOnly()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);

        var own = await Workflow(w => w.ProposeAsync(admin, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        await Assert.ThrowsAsync<AccessDeniedFailure>(() => Workflow(w => w.ProposeAsync(admin, "acme-ws1", new ProposedChange(Add: ["vlc"]))));

        Assert.Equal("Mia Miller", own.Change.AuthorName);
        await using var db = portal.CreateDbContext();
        Assert.Single(await db.ChangeRequests.ToListAsync());
    }

    [Fact]
    public async Task Approve_OnAHostWithoutARevisionYet_WritesRevisionOne()
    {
        var support = await portal.CreateSupportAsync();
        await portal.WithAsync<HostCommands, HostSummary>(c => c.CreateAsync(support, "fresh-host"));
        var change = await Workflow(w => w.ProposeAsync(support, "fresh-host",
            new ProposedChange(Add: ["git"], Files: [new FileEdit("configuration.nix", "{ ... }: { }\n")])));

        var result = await Workflow(w => w.ApproveAsync(support, change.Change.Id));

        Assert.Equal(1, result.RevisionNumber);
        var revision = await portal.WithAsync<HostQueries, RevisionDetails>(q => q.GetRevisionAsync(support, "fresh-host", 1));
        Assert.Equal(["git"], revision.Packages);
        Assert.Contains(revision.Files, f => f.Path == "configuration.nix");
    }

    [Fact]
    public async Task Preview_ShowsTheDiffOfAProposalAndWritesNothing()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");

        var diff = await Workflow(w => w.PreviewAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"], Remove: ["git"])));
        var invalid = await Assert.ThrowsAsync<InvalidInputFailure>(() => Workflow(w => w.PreviewAsync(support, "alice-laptop", new ProposedChange(Add: ["with"]))));

        Assert.Equal(["vlc"], diff.AddedPackages);
        Assert.Equal(["git"], diff.RemovedPackages);
        Assert.Equal(["fleetportal-packages.nix"], diff.Files.Select(f => f.Path));
        Assert.Equal(["add[0]"], invalid.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
        Assert.Empty(await db.AuditEvents.ToListAsync());
    }
}
