using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Web.Tests.Api;

/// <summary>A rollout answers with its id; <c>GET /api/rollouts/{id}</c> and its deployments follow how far it has come.</summary>
public class RolloutProgressApiTests : IDisposable
{
    private readonly PortalFactory portal;

    public RolloutProgressApiTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="RolloutProgressApiTestsOnPostgres"/>).</summary>
    protected RolloutProgressApiTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> SupportClientAsync() =>
        portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

    private static async Task<RolloutProgress> ProgressAsync(HttpClient client, long id) =>
        await (await client.GetAsync($"/api/rollouts/{id}")).ReadAsync<RolloutProgress>();

    private static async Task<Guid[]> DeploymentIdsAsync(HttpClient client, long id, string query = "") =>
        (await (await client.GetAsync($"/api/rollouts/{id}/deployments{query}")).ReadAsync<PagedList<DeploymentSummary>>()).Items.Select(d => d.Id).Order().ToArray();

    [Fact]
    public async Task ARollout_CountsItsDeploymentsByStatus_AsTheyMove_UntilItHasFinished()
    {
        var acme = await portal.CreateFamilyAsync("Acme Design");
        foreach (var name in new[] { "acme-ws1", "acme-ws2", "acme-ws3" })
        {
            await portal.CreateHostAsync(name, acme.Id);
        }

        using var client = await SupportClientAsync();
        var rollout = await (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).ReadAsync<RolloutSummary>();
        var ids = rollout.Deployments.ToDictionary(d => d.HostName, d => d.Id);

        var progress = await ProgressAsync(client, rollout.Id);
        Assert.Equal((rollout.Id, 3, 3, 0, false), (progress.Id, progress.Hosts, progress.Pending, progress.Done, progress.Finished));
        Assert.Equal("Rollout of their current revisions to the 3 hosts of family Acme Design requested.", progress.Description);

        // One cancelled, one superseded by a later rollout to its host: this rollout counts both where they are now.
        (await client.PostJsonAsync($"/api/deployments/{ids["acme-ws1"]}/cancel", new { reason = "not this one" })).EnsureSuccessStatusCode();
        var later = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "acme-ws2" } })).ReadAsync<RolloutSummary>();

        progress = await ProgressAsync(client, rollout.Id);
        Assert.Equal((3, 1, 1, 1, 2, false), (progress.Hosts, progress.Pending, progress.Cancelled, progress.Superseded, progress.Done, progress.Finished));
        Assert.Equal([ids["acme-ws1"]], await DeploymentIdsAsync(client, rollout.Id, "?status=cancelled"));
        Assert.Equal(ids.Values.Order(), await DeploymentIdsAsync(client, rollout.Id));
        Assert.Equal([later.Deployments.Single().Id], await DeploymentIdsAsync(client, later.Id));
        var details = await (await client.GetAsync($"/api/deployments/{later.Deployments.Single().Id}")).ReadAsync<DeploymentDetails>();
        Assert.Equal(later.Id, details.RolloutId);

        (await client.PostJsonAsync("/api/deployments/cancel", new { familyId = acme.Id })).EnsureSuccessStatusCode();

        progress = await ProgressAsync(client, rollout.Id);
        Assert.Equal((0, 2, 1, 3, true), (progress.Pending, progress.Cancelled, progress.Superseded, progress.Done, progress.Finished));
        Assert.True((await ProgressAsync(client, later.Id)).Finished);
    }

    [Fact]
    public async Task AFamilyAdmin_SeesARolloutOnlyAsFarAsItReachedTheirHosts()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        using var client = await SupportClientAsync();
        using var millersAdmin = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));
        var both = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "acme-ws1" } })).ReadAsync<RolloutSummary>();
        var acmeOnly = await (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).ReadAsync<RolloutSummary>();

        var progress = await ProgressAsync(millersAdmin, both.Id);

        Assert.Equal((1, 1), (progress.Hosts, progress.Pending));
        Assert.Equal([both.Deployments.Single(d => d.HostName == "alice-laptop").Id], await DeploymentIdsAsync(millersAdmin, both.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await millersAdmin.GetAsync($"/api/rollouts/{acmeOnly.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await millersAdmin.GetAsync($"/api/rollouts/{acmeOnly.Id}/deployments")).StatusCode);
        Assert.Equal(2, (await ProgressAsync(client, both.Id)).Hosts);
    }

    [Fact]
    public async Task ARolloutThatIsNotThere_Answers404SayingSo_EvenWhereAnotherEventHasItsId()
    {
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        using var client = await SupportClientAsync();
        (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).EnsureSuccessStatusCode();
        var superseding = await (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).ReadAsync<RolloutSummary>();
        await using var db = portal.CreateDbContext();
        var notARollout = db.AuditEvents.Where(e => e.Action != AuditActions.RolloutCreated).Max(e => e.Id);

        foreach (var id in new[] { notARollout, superseding.Id + 1000 })
        {
            var response = await client.GetAsync($"/api/rollouts/{id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains($"There is no rollout {id}.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheRollouts_NewestFirst_APageAtATime_EachCounted_AsAFamilyAdminSeesThem()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        await portal.CreateHostAsync("acme-ws2", acme.Id);
        using var client = await SupportClientAsync();
        using var millersAdmin = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));
        var both = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "acme-ws1" } })).ReadAsync<RolloutSummary>();
        var acmeOnly = await (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).ReadAsync<RolloutSummary>();
        (await client.PostJsonAsync($"/api/deployments/{acmeOnly.Deployments[0].Id}/cancel", new { reason = "not this one" })).EnsureSuccessStatusCode();

        var all = await (await client.GetAsync("/api/rollouts")).ReadAsync<PagedList<RolloutProgress>>();
        var second = await (await client.GetAsync("/api/rollouts?page=2&pageSize=1")).ReadAsync<PagedList<RolloutProgress>>();
        var mias = await (await millersAdmin.GetAsync("/api/rollouts")).ReadAsync<PagedList<RolloutProgress>>();

        Assert.Equal([acmeOnly.Id, both.Id], all.Items.Select(r => r.Id));
        Assert.Equal(2, all.TotalCount);
        // acme-ws1's deployment of the first rollout was superseded by the second's.
        Assert.Equal([(2, 1, 1, 0), (2, 1, 0, 1)], all.Items.Select(r => (r.Hosts, r.Pending, r.Cancelled, r.Superseded)));
        Assert.Equal(await ProgressAsync(client, both.Id), all.Items[1]);
        Assert.Equal([both.Id], second.Items.Select(r => r.Id));
        Assert.Equal((2, 2), (second.PageNumber, second.TotalCount));
        Assert.Equal([(both.Id, 1)], mias.Items.Select(r => (r.Id, r.Hosts)));
        Assert.Equal(1, mias.TotalCount);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page=first", "page")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    public async Task TheRollouts_WithABadPage_Answer400NamingIt(string query, string field)
    {
        using var client = await SupportClientAsync();

        var problem = await (await client.GetAsync($"/api/rollouts{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors.Keys);
    }

    [Theory]
    [InlineData("?status=finished", "status")]
    [InlineData("?status=3", "status")]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=many", "pageSize")]
    public async Task ARolloutsDeployments_WithABadQuery_Answer400NamingIt(string query, string field)
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = await SupportClientAsync();
        var rollout = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop" } })).ReadAsync<RolloutSummary>();

        var problem = await (await client.GetAsync($"/api/rollouts/{rollout.Id}/deployments{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors.Keys);
    }
}
