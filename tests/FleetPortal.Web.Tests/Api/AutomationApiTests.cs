using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Services.Security;
using FleetPortal.Web.Services.Tokens;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Enrolment codes, deployments, tokens and the audit log through the API.</summary>
public sealed class AutomationApiTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task EnrolmentCode_IsShownOnceAndStoredHashed()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var created = await (await client.PostJsonAsync("/api/hosts/new-laptop/enrolment-codes", new { familyId = family.Id })).ReadAsync<CreatedEnrolmentCode>();
        var invalid = await (await client.PostJsonAsync("/api/hosts/New_Laptop/enrolment-codes", new { })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", created.Code);
        Assert.Equal(["hostName"], invalid.Errors.Keys);
        await using var db = portal.CreateDbContext();
        var stored = await db.EnrolmentCodes.SingleAsync();
        Assert.Equal(SecretTokens.Hash(SecretTokens.NormaliseCode(created.Code)), stored.CodeHash);
    }

    [Fact]
    public async Task EnrolmentCode_ForAFamilyAdmin_Answers403AndWritesNothing()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", family.Id)));

        await (await client.PostJsonAsync("/api/hosts/new-laptop/enrolment-codes", new { familyId = family.Id })).ProblemAsync(HttpStatusCode.Forbidden);

        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.EnrolmentCodes.ToListAsync());
    }

    [Fact]
    public async Task RedeployAndRollback_CreateDeploymentsThatCanBeReadBack()
    {
        var host = await portal.CreateHostAsync("alice-laptop");
        await using (var db = portal.CreateDbContext())
        {
            (await db.Hosts.SingleAsync()).State.CurrentGeneration = 8;
            await db.SaveChangesAsync();
        }

        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var redeploy = await (await client.PostJsonAsync("/api/hosts/alice-laptop/redeploy", new { revision = 1 })).ReadAsync<DeploymentSummary>(HttpStatusCode.Created);
        var rollback = await (await client.PostJsonAsync("/api/hosts/alice-laptop/rollback", new { generation = 7 })).ReadAsync<DeploymentSummary>(HttpStatusCode.Created);
        var badGeneration = await (await client.PostJsonAsync("/api/hosts/alice-laptop/rollback", new { generation = 9 })).ProblemAsync(HttpStatusCode.BadRequest);
        var history = await (await client.GetAsync("/api/hosts/alice-laptop/deployments")).ReadAsync<List<DeploymentSummary>>();

        Assert.Equal(["generation"], badGeneration.Errors.Keys);
        Assert.Equal([rollback.Id, redeploy.Id], history.Select(d => d.Id));
        Assert.Equal([DeploymentStatus.Pending, DeploymentStatus.Superseded], history.Select(d => d.Status));
        Assert.Equal((DeploymentAction.Rollback, (int?)7), (history[0].Action, history[0].RollbackGeneration));
    }

    [Fact]
    public async Task Tokens_CanBeMadeListedAndRevoked_AndTheRevokedOneStopsWorking()
    {
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var created = await (await client.PostJsonAsync("/api/tokens", new { name = "ci pipeline" })).ReadAsync<CreatedAccessToken>();
        var listed = await (await client.GetAsync("/api/tokens")).ReadAsync<List<AccessTokenSummary>>();
        using var second = portal.CreateApiClient(created.Token);
        var before = await second.GetAsync("/api/hosts");
        var revoked = await client.DeleteAsync($"/api/tokens/{created.Summary.Id}");
        var after = await second.GetAsync("/api/hosts");
        var unnamed = await (await client.PostJsonAsync("/api/tokens", new { name = "" })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["test", "ci pipeline"], listed.Select(t => t.Name));
        Assert.DoesNotContain(listed, t => t.Prefix == created.Token);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(["name"], unnamed.Errors.Keys);
    }

    [Fact]
    public async Task AuditLog_RecordsEveryStepOfAChange_AndAFamilyAdminSeesOnlyTheirHosts()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(support));
        using var adminClient = portal.CreateApiClient(await portal.CreateTokenAsync(admin));
        foreach (var host in new[] { "alice-laptop", "acme-ws1" })
        {
            var change = await (await client.PostJsonAsync($"/api/hosts/{host}/changes", new { add = new[] { "vlc" } })).ReadAsync<ChangeDetails>(HttpStatusCode.Created);
            (await client.PostJsonAsync($"/api/changes/{change.Change.Id}/approve", new { })).EnsureSuccessStatusCode();
        }

        var all = await (await client.GetAsync("/api/audit?host=alice-laptop")).ReadAsync<PagedList<AuditEntry>>();
        var mine = await (await adminClient.GetAsync("/api/audit?pageSize=100")).ReadAsync<PagedList<AuditEntry>>();

        Assert.Equal(
            [AuditActions.ChangeApproved, AuditActions.DeploymentCreated, AuditActions.ChangeProposed],
            all.Items.Select(e => e.Action));
        Assert.All(all.Items, e => Assert.Equal("Sam Support", e.Actor));
        Assert.NotEmpty(mine.Items);
        Assert.All(mine.Items, e => Assert.Equal("alice-laptop", e.HostName));
    }
}
