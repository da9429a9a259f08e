using System.Net;
using System.Text;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

public class ChangesApiTests : IDisposable
{
    private readonly PortalFactory portal;

    public ChangesApiTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="ChangesApiTestsOnPostgres"/>).</summary>
    protected ChangesApiTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Propose_ThenApprove_WritesTheRevisionAndADeploymentThatCanBeRead()
    {
        await portal.CreateHostAsync("alice-laptop", null, "git");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var proposed = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { add = new[] { "vlc" }, remove = new[] { "git" }, reason = "video" }))
            .ReadAsync<ChangeDetails>(HttpStatusCode.Created);
        var pending = await (await client.GetAsync("/api/changes")).ReadAsync<List<ChangeSummary>>();
        var approved = await (await client.PostJsonAsync($"/api/changes/{proposed.Change.Id}/approve", new { comment = "ok" })).ReadAsync<ApprovalResult>();
        var deployment = await (await client.GetAsync($"/api/deployments/{approved.DeploymentId}")).ReadAsync<DeploymentDetails>();
        var host = await (await client.GetAsync("/api/hosts/alice-laptop")).ReadAsync<HostDetails>();
        var after = await (await client.GetAsync("/api/changes")).ReadAsync<List<ChangeSummary>>();

        Assert.Equal([proposed.Change.Id], pending.Select(c => c.Id));
        Assert.Equal(2, approved.RevisionNumber);
        Assert.Equal((DeploymentStatus.Pending, 2, "Sam Support"), (deployment.Deployment.Status, deployment.Deployment.RevisionNumber, deployment.Deployment.RequestedBy));
        Assert.Empty(deployment.Log);
        Assert.Equal(["vlc"], host.Packages);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Propose_WithAnInvalidPackage_Answers400NamingTheFieldAndWritesNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var problem = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { add = new[] { "firefox", "${builtins.abort \"x\"}" }, reason = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["add[1]"], problem.Errors.Keys);
        Assert.Contains("not allowed", problem.Errors["add[1]"].Single());
        await AssertNoChangesAsync();
    }

    [Fact]
    public async Task Propose_WithAGeneratedFileOrAFileWithoutContent_Answers400NamingTheField()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var generated = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { files = new[] { new { path = "fleetportal.nix", content = "{ }" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var noContent = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { files = new[] { new { path = "extra.nix" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var escape = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { files = new[] { new { path = "../etc/passwd", content = "x" } } }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("generated", generated.Errors["files[0].path"].Single());
        Assert.Contains("content", noContent.Errors["files[0].content"].Single());
        Assert.Contains("'..'", escape.Errors["files[0].path"].Single());
        await AssertNoChangesAsync();
    }

    [Fact]
    public async Task Propose_WithMalformedJson_Answers400AndWritesNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var response = await client.PostAsync("/api/hosts/alice-laptop/changes", new StringContent("{\"add\": [", Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(problem.Errors);
        await AssertNoChangesAsync();
    }

    [Fact]
    public async Task Propose_WithAValueOfTheWrongTypeOrNoJson_IsRefusedNamingTheJsonPath()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var wrongType = await client.PostAsync("/api/hosts/alice-laptop/changes", new StringContent("{\"add\": [\"vlc\", 42]}", Encoding.UTF8, "application/json"));
        var notJson = await client.PostAsync("/api/hosts/alice-laptop/changes", new StringContent("add=vlc", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(["add[1]"], (await wrongType.ProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        await notJson.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertNoChangesAsync();
    }

    [Fact]
    public async Task UnknownApiPath_AnswersProblemDetailsNotAPage()
    {
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        await (await client.GetAsync("/api/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Propose_OnAnUnknownHost_Answers404()
    {
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        await (await client.PostJsonAsync("/api/hosts/nobody/changes", new { add = new[] { "vlc" } })).ProblemAsync(HttpStatusCode.NotFound);

        await AssertNoChangesAsync();
    }

    [Fact]
    public async Task Approve_ByAFamilyAdminOutsideTheirFamily_Answers403AndWritesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        var change = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "acme-ws1", new ProposedChange(Add: ["vlc"])));
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));
        await using var before = portal.CreateDbContext();
        var auditCount = await before.AuditEvents.CountAsync();

        var problem = await (await client.PostJsonAsync($"/api/changes/{change.Change.Id}/approve", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        var reject = await client.PostJsonAsync($"/api/changes/{change.Change.Id}/reject", new { comment = "no" });

        Assert.Contains("not in one of your families", problem.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        await using var db = portal.CreateDbContext();
        Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync()).Status);
        Assert.Empty(await db.Deployments.ToListAsync());
        Assert.Single(await db.Revisions.ToListAsync());
        Assert.Equal(auditCount, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task Approve_ByTheAuthorWhereASecondApproverIsRequired_Answers403()
    {
        var acme = await portal.CreateFamilyAsync("Acme Design", requiresSecondApprover: true);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));
        var change = await (await client.PostJsonAsync("/api/hosts/acme-ws1/changes", new { add = new[] { "vlc" } })).ReadAsync<ChangeDetails>(HttpStatusCode.Created);

        var problem = await (await client.PostJsonAsync($"/api/changes/{change.Change.Id}/approve", new { })).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.NotNull(change.WhyNotDecide);
        Assert.Contains("second person", problem.Detail);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Deployments.ToListAsync());
    }

    [Fact]
    public async Task Approve_WhenTheEditedFileChanged_Answers409AndTheChangeStaysOpen()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));
        var file = (await (await client.GetAsync("/api/hosts/alice-laptop")).ReadAsync<HostDetails>()).Files.Single(f => f.Path == "configuration.nix");
        var mine = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { files = new[] { new { path = file.Path, content = "# mine\n", baseContentHash = file.ContentHash } } }))
            .ReadAsync<ChangeDetails>(HttpStatusCode.Created);
        var theirs = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { files = new[] { new { path = file.Path, content = "# theirs\n", baseContentHash = file.ContentHash } } }))
            .ReadAsync<ChangeDetails>(HttpStatusCode.Created);
        (await client.PostJsonAsync($"/api/changes/{theirs.Change.Id}/approve", new { })).EnsureSuccessStatusCode();

        var problem = await (await client.PostJsonAsync($"/api/changes/{mine.Change.Id}/approve", new { })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("configuration.nix changed", problem.Detail);
        var kept = await (await client.GetAsync($"/api/changes/{mine.Change.Id}")).ReadAsync<ChangeDetails>();
        Assert.Equal(ChangeStatus.Open, kept.Change.Status);
        Assert.Equal("# mine\n", kept.Change.Operations.Single().NewContent);
        Assert.NotNull(kept.Conflict);
    }

    [Fact]
    public async Task Reject_WithoutAComment_Answers400_AndWithOne_ClosesTheChange()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));
        var change = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { add = new[] { "vlc" } })).ReadAsync<ChangeDetails>(HttpStatusCode.Created);

        var problem = await (await client.PostJsonAsync($"/api/changes/{change.Change.Id}/reject", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        var open = await (await client.GetAsync($"/api/changes/{change.Change.Id}")).ReadAsync<ChangeDetails>();
        var rejected = await client.PostJsonAsync($"/api/changes/{change.Change.Id}/reject", new { comment = "use mpv" });
        var closed = await (await client.GetAsync($"/api/changes/{change.Change.Id}")).ReadAsync<ChangeDetails>();
        var again = await client.PostJsonAsync($"/api/changes/{change.Change.Id}/approve", new { });

        Assert.Equal(["comment"], problem.Errors.Keys);
        Assert.Equal(ChangeStatus.Open, open.Change.Status);
        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.Equal((ChangeStatus.Rejected, "use mpv"), (closed.Change.Status, closed.DecisionComment));
        await again.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UnknownChangeAndDeployment_Answer404()
    {
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        await (await client.PostJsonAsync("/api/changes/999/approve", new { })).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/api/deployments/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetDeployment_ShowsItsLogInOrder()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        var change = await portal.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var approved = await portal.WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(support, change.Change.Id));
        await using (var db = portal.CreateDbContext())
        {
            db.DeploymentLogLines.AddRange(
                new DeploymentLogLine { DeploymentId = approved.DeploymentId, Sequence = 1, Text = "activating the configuration..." },
                new DeploymentLogLine { DeploymentId = approved.DeploymentId, Sequence = 0, Text = "building the system configuration..." });
            await db.SaveChangesAsync();
        }

        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(support));

        var deployment = await (await client.GetAsync($"/api/deployments/{approved.DeploymentId}")).ReadAsync<DeploymentDetails>();

        Assert.Equal(["building the system configuration...", "activating the configuration..."], deployment.Log.Select(l => l.Text));
    }

    private async Task AssertNoChangesAsync()
    {
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
        Assert.Empty(await db.ChangeOperations.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(a => a.Action == AuditActions.ChangeProposed).ToListAsync());
    }
}
