using System.Net;
using System.Text.Json;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Diffs;
using FleetPortal.Web.Services.Families;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

public class HostsApiTests : IDisposable
{
    private readonly PortalFactory portal;

    public HostsApiTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="HostsApiTestsOnPostgres"/>).</summary>
    protected HostsApiTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> SupportClientAsync() =>
        portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

    [Fact]
    public async Task ListHosts_PagesSortsAndSearchesByNameFamilyAndPackage()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        for (var i = 1; i <= 12; i++)
        {
            await portal.CreateHostAsync($"host-{i:00}", i % 2 == 0 ? millers.Id : acme.Id, i == 7 ? "blender" : "git");
        }

        using var client = await SupportClientAsync();

        var second = await (await client.GetAsync("/api/hosts?page=2&pageSize=5")).ReadAsync<PagedList<HostSummary>>();
        var descending = await (await client.GetAsync("/api/hosts?pageSize=3&sort=-name")).ReadAsync<PagedList<HostSummary>>();
        var byPackage = await (await client.GetAsync("/api/hosts?search=blend")).ReadAsync<PagedList<HostSummary>>();
        var byFamilyName = await (await client.GetAsync("/api/hosts?search=miller&pageSize=100")).ReadAsync<PagedList<HostSummary>>();
        var familyFilter = await (await client.GetAsync("/api/hosts?family=Acme%20Design&pageSize=100")).ReadAsync<PagedList<HostSummary>>();

        Assert.Equal((12, 3), (second.TotalCount, second.PageCount));
        Assert.Equal(["host-06", "host-07", "host-08", "host-09", "host-10"], second.Items.Select(h => h.Name));
        Assert.Equal(["host-12", "host-11", "host-10"], descending.Items.Select(h => h.Name));
        Assert.Equal(["host-07"], byPackage.Items.Select(h => h.Name));
        Assert.Equal(6, byFamilyName.TotalCount);
        Assert.All(byFamilyName.Items, h => Assert.Equal("Miller family", h.FamilyName));
        Assert.Equal(6, familyFilter.TotalCount);
        Assert.All(familyFilter.Items, h => Assert.Equal(acme.Id, h.FamilyId));
    }

    [Fact]
    public async Task ListHosts_SearchesOnlyTheCurrentRevisionsPackages()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "vlc");
        var change = await portal.WithAsync<FleetPortal.Web.Services.Changes.ChangeWorkflow, FleetPortal.Web.Services.Changes.ChangeDetails>(w =>
            w.ProposeAsync(support, "alice-laptop", new FleetPortal.Web.Services.Changes.ProposedChange(Remove: ["vlc"])));
        await portal.WithAsync<FleetPortal.Web.Services.Changes.ChangeWorkflow, FleetPortal.Web.Services.Changes.ApprovalResult>(w => w.ApproveAsync(support, change.Change.Id));
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(support));

        var found = await (await client.GetAsync("/api/hosts?search=vlc")).ReadAsync<PagedList<HostSummary>>();

        Assert.Empty(found.Items);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("sort=colour", "sort")]
    [InlineData("family=Nobody", "family")]
    [InlineData("page=two", "page")]
    [InlineData("online=maybe", "online")]
    [InlineData("condition=Broken", "condition")]
    public async Task ListHosts_WithBadParameters_Answers400NamingTheParameter(string query, string field)
    {
        using var client = await SupportClientAsync();

        var problem = await (await client.GetAsync("/api/hosts?" + query)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public async Task ListHosts_ForAFamilyAdmin_ShowsOnlyTheirFamiliesHosts()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        await portal.CreateHostAsync("unassigned");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(admin));

        var hosts = await (await client.GetAsync("/api/hosts")).ReadAsync<PagedList<HostSummary>>();
        var outside = await client.GetAsync("/api/hosts/acme-ws1");
        var families = await (await client.GetAsync("/api/families")).ReadAsync<List<FamilySummary>>();

        Assert.Equal(["alice-laptop"], hosts.Items.Select(h => h.Name));
        await outside.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["Miller family"], families.Select(f => f.Name));
    }

    [Fact]
    public async Task CreateHost_WithAnInvalidName_Answers400NamingTheFieldAndWritesNothing()
    {
        using var client = await SupportClientAsync();

        var upper = await (await client.PostJsonAsync("/api/hosts", new { name = "Alice-Laptop" })).ProblemAsync(HttpStatusCode.BadRequest);
        var tooLong = await (await client.PostJsonAsync("/api/hosts", new { name = new string('a', 64) })).ProblemAsync(HttpStatusCode.BadRequest);
        var dot = await (await client.PostJsonAsync("/api/hosts", new { name = "alice.laptop" })).ProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await client.PostJsonAsync("/api/hosts", new { })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("lower case", upper.Errors["name"].Single());
        Assert.Contains("63", tooLong.Errors["name"].Single());
        Assert.Contains("'.'", dot.Errors["name"].Single());
        Assert.Contains("required", missing.Errors["name"].Single());
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Hosts.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(a => a.Action == AuditActions.HostCreated).ToListAsync());
    }

    [Fact]
    public async Task CreateHost_WithATakenName_Answers409()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = await SupportClientAsync();

        await (await client.PostJsonAsync("/api/hosts", new { name = "alice-laptop" })).ProblemAsync(HttpStatusCode.Conflict);

        await using var db = portal.CreateDbContext();
        Assert.Single(await db.Hosts.ToListAsync());
    }

    [Fact]
    public async Task CreateHostAndFamily_ByAFamilyAdmin_Answers403AndWritesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id);
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(admin));

        await (await client.PostJsonAsync("/api/hosts", new { name = "new-host", familyId = millers.Id })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostJsonAsync("/api/families", new { name = "Other" })).ProblemAsync(HttpStatusCode.Forbidden);

        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Hosts.ToListAsync());
        Assert.Single(await db.Families.ToListAsync());
    }

    [Fact]
    public async Task CreateHostInAFamily_ThenGetIt_ShowsTheFamilyAndAnAuditEvent()
    {
        using var client = await SupportClientAsync();
        var family = await (await client.PostJsonAsync("/api/families", new { name = "Acme Design", requiresSecondApprover = true, deferralDeadlineHours = 24 }))
            .ReadAsync<FamilySummary>(HttpStatusCode.Created);

        var created = await (await client.PostJsonAsync("/api/hosts", new { name = "acme-ws1", familyId = family.Id })).ReadAsync<HostSummary>(HttpStatusCode.Created);
        var host = await (await client.GetAsync("/api/hosts/acme-ws1")).ReadAsync<HostDetails>();

        Assert.Equal(("acme-ws1", "Acme Design"), (created.Name, created.FamilyName));
        Assert.Equal((0, "Acme Design"), (host.CurrentRevisionNumber, host.FamilyName));
        Assert.True(family.RequiresSecondApprover);
        Assert.Equal(TimeSpan.FromHours(24), family.DeferralDeadline);
        await using var db = portal.CreateDbContext();
        Assert.Equal([AuditActions.FamilyCreated, AuditActions.HostCreated], await db.AuditEvents.Where(a => a.Action != AuditActions.AccessTokenCreated).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task CreateFamily_WithBadRules_Answers400NamingEachField()
    {
        using var client = await SupportClientAsync();

        var problem = await (await client.PostJsonAsync("/api/families", new { name = "", maxDeferrals = -1 })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["maxDeferrals", "name"], problem.Errors.Keys.Order());
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Families.ToListAsync());
    }

    [Fact]
    public async Task GetHost_ShowsPackagesStateAndEveryFileOfTheCurrentRevision()
    {
        await portal.CreateHostAsync("alice-laptop", null, "git", "firefox");
        using var client = await SupportClientAsync();

        var host = await (await client.GetAsync("/api/hosts/alice-laptop")).ReadAsync<HostDetails>();
        var missing = await client.GetAsync("/api/hosts/nobody");

        Assert.Equal(["firefox", "git"], host.Packages);
        Assert.Equal(
            ["configuration.nix", "fleetportal-packages.nix", "fleetportal.nix", "hardware-configuration.nix"],
            host.Files.Select(f => f.Path));
        Assert.True(host.Files.Single(f => f.Path == "fleetportal.nix").IsGenerated);
        Assert.Contains("pkgs.firefox", host.Files.Single(f => f.Path == "fleetportal-packages.nix").Content);
        Assert.False(host.Status.IsOnline);
        await missing.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revisions_ListGetAndDiff()
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", null, "git");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(support));
        var configuration = (await (await client.GetAsync("/api/hosts/alice-laptop")).ReadAsync<HostDetails>()).Files.Single(f => f.Path == "configuration.nix");
        var change = await (await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new
        {
            add = new[] { "vlc" },
            files = new[] { new { path = "configuration.nix", content = configuration.Content.Replace("\"test\"", "\"alice-laptop\""), baseContentHash = configuration.ContentHash } },
            reason = "name and video",
        })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await client.PostJsonAsync($"/api/changes/{change.GetProperty("change").GetProperty("id").GetInt32()}/approve", new { });

        var revisions = await (await client.GetAsync("/api/hosts/alice-laptop/revisions")).ReadAsync<List<RevisionSummary>>();
        var second = await (await client.GetAsync("/api/hosts/alice-laptop/revisions/2")).ReadAsync<RevisionDetails>();
        var diff = await (await client.GetAsync("/api/hosts/alice-laptop/diff?from=1&to=2")).ReadAsync<ConfigurationDiff>();
        var missing = await client.GetAsync("/api/hosts/alice-laptop/revisions/9");

        Assert.Equal([2, 1], revisions.Select(r => r.Number));
        Assert.Equal(["git", "vlc"], second.Packages);
        Assert.Equal(second.ContentHash, revisions[0].ContentHash);
        Assert.Equal(["vlc"], diff.AddedPackages);
        var configurationDiff = diff.Files.Single(f => f.Path == "configuration.nix");
        Assert.Equal(FileChangeKind.Modified, configurationDiff.Change);
        Assert.Contains(configurationDiff.Lines, l => l.Kind == DiffLineKind.Removed && l.Text.Contains("\"test\""));
        Assert.Contains(configurationDiff.Lines, l => l.Kind == DiffLineKind.Added && l.Text.Contains("\"alice-laptop\""));
        Assert.Contains(diff.Files, f => f.Path == "fleetportal-packages.nix" && f.IsGenerated);
        await missing.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheEndpointsAndTheBearerScheme()
    {
        using var client = portal.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Superset(
            new HashSet<string>
            {
                "/api/hosts", "/api/hosts/{name}", "/api/hosts/{name}/revisions", "/api/hosts/{name}/revisions/{number}",
                "/api/hosts/{name}/changes", "/api/changes", "/api/changes/{id}/approve", "/api/changes/{id}/reject",
                "/api/deployments/{id}", "/api/hosts/{name}/enrolment-codes", "/api/families", "/api/hosts/{name}/rollback",
                "/api/hosts/{name}/redeploy", "/api/tokens",
            },
            paths.ToHashSet());
        var propose = document.GetProperty("paths").GetProperty("/api/hosts/{name}/changes").GetProperty("post");
        Assert.Contains("ProposeChangeRequest", propose.GetProperty("requestBody").GetRawText());
        Assert.Equal(["201", "400", "401", "403", "404", "409"], propose.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.Contains("FileEditRequest", document.GetProperty("components").GetProperty("schemas").GetRawText());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AccessToken");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
    }
}
