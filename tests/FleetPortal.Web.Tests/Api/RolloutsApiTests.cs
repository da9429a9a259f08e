using System.Net;
using FleetPortal.Web.Api;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Api;

public class RolloutsApiTests : IDisposable
{
    private readonly PortalFactory portal;

    public RolloutsApiTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="RolloutsApiTestsOnPostgres"/>): a rollout writes with statements of its own.</summary>
    protected RolloutsApiTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> SupportClientAsync() =>
        portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

    [Fact]
    public async Task RollOut_ToAFamily_DeploysEachHostsCurrentRevisionAndDeliversItToConnectedAgents()
    {
        var address = portal.StartOnLoopback();
        var family = await portal.CreateFamilyAsync("Acme Design");
        var (design, token) = await portal.EnrolledHostAsync("acme-design-01");
        await portal.WithAsync<FleetPortal.Web.Services.Hosts.HostCommands>(c => c.AssignFamilyAsync(FleetSeed.Support, "acme-design-01", family.Id));
        await portal.CreateHostAsync("acme-render", family.Id);
        await portal.CreateHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        using var client = await SupportClientAsync();

        var rollout = await (await client.PostJsonAsync("/api/rollouts", new { familyId = family.Id })).ReadAsync<RolloutSummary>();

        Assert.Equal(2, rollout.Count);
        Assert.Equal(["acme-design-01", "acme-render"], rollout.Deployments.Select(d => d.HostName));
        var request = await agent.Requests.Reader.NextAsync("the rollout's rebuild request");
        Assert.Equal(rollout.Deployments.Single(d => d.HostId == design.Id).Id, request.DeploymentId);
        Assert.NotNull(request.SentAtTimestamp);
        Assert.Null(request.StartAfterMs);
        await using var db = portal.CreateDbContext();
        Assert.Equal(2, await db.Deployments.CountAsync());
        Assert.All(await db.Deployments.ToListAsync(), d => Assert.Equal((DeploymentAction.Switch, 1), (d.Action, d.RevisionNumber)));
    }

    [Fact]
    public async Task RollOut_ToConnectedAgents_GivesEachItsTurn_AtTheSetStartsPerSecond()
    {
        portal.With("FleetPortal:Agents:StartsPerSecond", "10");
        var address = portal.StartOnLoopback();
        var family = await portal.CreateFamilyAsync("Acme Design");
        var agents = new List<TestAgentConnection>();
        foreach (var name in new[] { "acme-01", "acme-02", "acme-03" })
        {
            var (_, token) = await portal.EnrolledHostAsync(name);
            await portal.WithAsync<FleetPortal.Web.Services.Hosts.HostCommands>(c => c.AssignFamilyAsync(FleetSeed.Support, name, family.Id));
            agents.Add(await TestAgentConnection.ConnectAsync(address, token));
        }

        using var client = await SupportClientAsync();
        await client.PostJsonAsync("/api/rollouts", new { familyId = family.Id });

        var turns = new List<int?>();
        foreach (var agent in agents)
        {
            turns.Add((await agent.Requests.Reader.NextAsync("the rollout's rebuild request")).StartAfterMs);
            await agent.DisposeAsync();
        }

        // A tenth of a second apart, less the moments the sends themselves took.
        var ordered = turns.OrderBy(t => t ?? 0).ToList();
        Assert.Null(ordered[0]);
        Assert.InRange(ordered[1]!.Value, 50, 100);
        Assert.InRange(ordered[2]!.Value, 150, 200);
    }

    [Fact]
    public async Task RollOut_ToNamedHosts_SupersedesTheirDeploymentsThatHaveNotStarted()
    {
        await portal.CreateHostAsync("alice-laptop");
        await portal.CreateHostAsync("bob-desktop");
        using var client = await SupportClientAsync();
        var first = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop" } })).ReadAsync<RolloutSummary>();

        var second = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "bob-desktop" } })).ReadAsync<RolloutSummary>();

        Assert.Equal(2, second.Count);
        Assert.Equal(DeploymentStatus.Superseded, (await portal.ReloadAsync(first.Deployments[0].Id)).Status);
        Assert.All(second.Deployments, d => Assert.Equal(DeploymentStatus.Pending, d.Status));
    }

    [Fact]
    public async Task RollOut_ToAConnectedHost_MarksItSentAtOnce_AndWithdrawsWhatItSuperseded()
    {
        var address = portal.StartOnLoopback();
        var (alice, token) = await portal.EnrolledHostAsync("alice-laptop");
        await portal.CreateHostAsync("bob-desktop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        using var client = await SupportClientAsync();
        var first = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop" } })).ReadAsync<RolloutSummary>();
        Assert.Equal(first.Deployments[0].Id, (await agent.Requests.Reader.NextAsync("the first rollout's request")).DeploymentId);
        var told = System.Threading.Channels.Channel.CreateUnbounded<FleetChange>();
        using var listening = portal.Services.GetRequiredService<IFleetNotifier>().Subscribe(change => told.Writer.WriteAsync(change).AsTask());

        var second = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "bob-desktop" } })).ReadAsync<RolloutSummary>();

        var withdrawal = await agent.Withdrawals.Reader.NextAsync("the withdrawal of the superseded deployment");
        var request = await agent.Requests.Reader.NextAsync("the second rollout's request");
        var secondOfAlice = second.Deployments.Single(d => d.HostId == alice.Id).Id;
        Assert.Equal((first.Deployments[0].Id, secondOfAlice), (withdrawal.DeploymentId, withdrawal.SupersededBy));
        Assert.Equal(secondOfAlice, request.DeploymentId);
        await using var db = portal.CreateDbContext();
        Assert.NotNull((await db.Deployments.SingleAsync(d => d.Id == secondOfAlice)).SentAt);
        // Nobody holds bob-desktop's connection: its deployment waits for the agent's hello.
        var ofBob = second.Deployments.Single(d => d.HostId != alice.Id).Id;
        Assert.Null((await db.Deployments.SingleAsync(d => d.Id == ofBob)).SentAt);

        // The pages hear of both; the deliveries of this and any other process look only at bob's.
        var kinds = new Dictionary<Guid, FleetChangeKind>();
        while (kinds.Count < 2)
        {
            if (await told.Reader.NextAsync("the rollout's news") is { DeploymentId: { } id, Kind: FleetChangeKind.DeploymentCreated or FleetChangeKind.DeploymentSent } news)
            {
                kinds.Add(id, news.Kind);
            }
        }

        Assert.Equal(FleetChangeKind.DeploymentSent, kinds[secondOfAlice]);
        Assert.Equal(FleetChangeKind.DeploymentCreated, kinds[ofBob]);
    }

    [Fact]
    public async Task RollOut_RecordsOneEventThatEachOfItsDeploymentsPointsTo_AndAnEventForEachSupersededOne_AndBumpsEachHostsVersion()
    {
        await portal.CreateHostAsync("alice-laptop");
        await portal.CreateHostAsync("bob-desktop");
        using var client = await SupportClientAsync();
        var first = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop" } })).ReadAsync<RolloutSummary>();
        int[] versionsBefore;
        await using (var before = portal.CreateDbContext())
        {
            versionsBefore = await before.Hosts.OrderBy(h => h.Name).Select(h => h.ConfigurationVersion).ToArrayAsync();
        }

        var second = await (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "bob-desktop" } })).ReadAsync<RolloutSummary>();

        await using var db = portal.CreateDbContext();
        var rollouts = await db.AuditEvents.Where(a => a.Action == AuditActions.RolloutCreated).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, rollouts.Count);
        Assert.Equal("Rollout of their current revisions to 2 hosts (alice-laptop, bob-desktop) requested.", rollouts[1].Details);
        Assert.Equal((null, null, null), (rollouts[1].HostId, rollouts[1].HostName, rollouts[1].DeploymentId));
        var secondIds = second.Deployments.Select(d => d.Id).ToList();
        Assert.All(await db.Deployments.Where(d => secondIds.Contains(d.Id)).ToListAsync(), d => Assert.Equal(rollouts[1].Id, d.RolloutEventId));
        Assert.Equal(rollouts[0].Id, (await db.Deployments.SingleAsync(d => d.Id == first.Deployments[0].Id)).RolloutEventId);
        Assert.Empty(await db.AuditEvents.Where(a => a.Action == AuditActions.DeploymentCreated).ToListAsync());
        var events = await db.AuditEvents.Where(a => a.DeploymentId != null).ToListAsync();
        var superseded = Assert.Single(events, e => e.Action == AuditActions.DeploymentSuperseded);
        Assert.Equal((first.Deployments[0].Id, "alice-laptop"), (superseded.DeploymentId!.Value, superseded.HostName!));
        var stored = await db.Deployments.SingleAsync(d => d.Id == second.Deployments[0].Id);
        Assert.Equal(DeploymentStatus.Pending, stored.Status);
        Assert.Equal(second.Deployments[0].Deadline - second.Deployments[0].CreatedAt, stored.Deadline - stored.CreatedAt);
        Assert.InRange(stored.CreatedAt - second.Deployments[0].CreatedAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.Equal(stored.CreatedAt, (await db.Deployments.SingleAsync(d => d.Id == first.Deployments[0].Id)).FinishedAt);
        Assert.Equal(versionsBefore.Select(v => v + 1), await db.Hosts.OrderBy(h => h.Name).Select(h => h.ConfigurationVersion).ToArrayAsync());
    }

    [Fact]
    public async Task RollOut_IsInTheAuditLogOfEachHostItReached_AndOnEachOfItsDeployments_AndFamilyAdminsSeeItOnlyWhenItReachedTheirHosts()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-ws1", acme.Id);
        await portal.CreateHostAsync("acme-ws2", acme.Id);
        using var client = await SupportClientAsync();
        using var millersAdmin = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));
        var toAcme = await (await client.PostJsonAsync("/api/rollouts", new { familyId = acme.Id })).ReadAsync<RolloutSummary>();
        (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop" } })).EnsureSuccessStatusCode();
        (await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "acme-ws1" } })).EnsureSuccessStatusCode();

        async Task<string[]> RolloutsAsync(HttpClient by, string query) =>
            (await (await by.GetAsync($"/api/audit?action={AuditActions.RolloutCreated}{query}")).ReadAsync<PagedList<AuditEntry>>()).Items.Select(e => e.Details).ToArray();
        const string ofAcme = "Rollout of their current revisions to the 2 hosts of family Acme Design requested.";
        const string ofAlice = "Rollout of their current revisions to 1 host (alice-laptop) requested.";
        // Seen by the Millers' admin, so it names no host of another family.
        const string ofBoth = "Rollout of their current revisions to 2 hosts in 2 families requested.";

        Assert.Equal([ofBoth, ofAlice, ofAcme], await RolloutsAsync(client, ""));
        Assert.Equal([ofAcme], await RolloutsAsync(client, "&host=acme-ws2"));
        Assert.Equal([ofBoth, ofAlice], await RolloutsAsync(client, "&host=alice-laptop"));
        Assert.Equal([ofBoth, ofAlice], await RolloutsAsync(millersAdmin, ""));
        var searched = await portal.WithAsync<AuditSearch, AuditSearchPage>(s => s.PageAsync(FleetSeed.Support, new AuditFilter(Host: "acme"), 0, 50));
        Assert.Equal([ofBoth, ofAcme], searched.Events.Where(e => e.Action == AuditActions.RolloutCreated).Select(e => e.Details));
        Assert.Equal(ofAcme, (await (await client.GetAsync($"/api/deployments/{toAcme.Deployments[1].Id}")).ReadAsync<DeploymentDetails>()).Rollout);
    }

    [Fact]
    public async Task RollOut_ToMoreThanFiveNamedHosts_NamesTheFirstFiveInItsAuditEvent_AndCountsTheRest()
    {
        var names = Enumerable.Range(1, 7).Select(n => $"lab-{n:00}").ToArray();
        foreach (var name in names)
        {
            await portal.CreateHostAsync(name);
        }

        using var client = await SupportClientAsync();
        (await client.PostJsonAsync("/api/rollouts", new { hosts = names.Reverse() })).EnsureSuccessStatusCode();

        await using var db = portal.CreateDbContext();
        var rollout = await db.AuditEvents.SingleAsync(a => a.Action == AuditActions.RolloutCreated);
        Assert.Equal("Rollout of their current revisions to 7 hosts (lab-01, lab-02, lab-03, lab-04, lab-05 and 2 more) requested.", rollout.Details);
    }

    [Theory]
    [InlineData("{}", "familyId")]
    [InlineData("{\"familyId\":1,\"hosts\":[\"alice-laptop\"]}", "familyId")]
    [InlineData("{\"hosts\":[\"never-enrolled\"]}", "hosts")]
    [InlineData("{\"hosts\":\"alice-laptop\"}", "hosts")]
    public async Task RollOut_WithBadInput_Answers400NamingTheFieldAndWritesNothing(string body, string field)
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        await portal.CreateHostAsync("alice-laptop", family.Id);
        await using (var db = portal.CreateDbContext())
        {
            db.Hosts.Add(new Host { Name = "never-enrolled", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        using var client = await SupportClientAsync();

        var problem = await (await client.PostAsync("/api/rollouts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors.Keys);
        await using var check = portal.CreateDbContext();
        Assert.Equal(0, await check.Deployments.CountAsync());
    }

    [Fact]
    public async Task RollOut_ToAnUnknownHost_Answers404AndWritesNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = await SupportClientAsync();

        var response = await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "nobody-here" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody-here", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = portal.CreateDbContext();
        Assert.Equal(0, await db.Deployments.CountAsync());
    }

    [Fact]
    public async Task RollOut_ByAFamilyAdmin_ToAnotherFamilysHost_IsRefusedAndWritesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("alice-laptop", millers.Id);
        await portal.CreateHostAsync("acme-render", acme.Id);
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));

        var response = await client.PostJsonAsync("/api/rollouts", new { hosts = new[] { "alice-laptop", "acme-render" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = portal.CreateDbContext();
        Assert.Equal(0, await db.Deployments.CountAsync());
    }

    [Fact]
    public async Task EnrolmentCodes_ForManyHosts_AreMadeInOneCallAndEachEnrolsItsHost()
    {
        var family = await portal.CreateFamilyAsync("Acme Design");
        using var client = await SupportClientAsync();

        var codes = await (await client.PostJsonAsync("/api/enrolment-codes", new { hostNames = new[] { "acme-01", "acme-02", "acme-03" }, familyId = family.Id }))
            .ReadAsync<List<CreatedEnrolmentCode>>();

        Assert.Equal(["acme-01", "acme-02", "acme-03"], codes.Select(c => c.HostName));
        Assert.Equal(3, codes.Select(c => c.Code).Distinct().Count());
        using var anonymous = portal.CreateApiClient(null);
        var enrolled = await anonymous.PostJsonAsync("/api/agent/enroll", new { code = codes[1].Code, files = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        await using var db = portal.CreateDbContext();
        Assert.Equal(family.Id, (await db.Hosts.SingleAsync(h => h.Name == "acme-02")).FamilyId);
    }

    [Theory]
    [InlineData("{\"hostNames\":[]}", "hostNames")]
    [InlineData("{\"hostNames\":[\"ok-host\",\"Not A Name\"]}", "hostNames[1]")]
    [InlineData("{\"hostNames\":[\"twice\",\"twice\"]}", "hostNames[1]")]
    public async Task EnrolmentCodes_WithABadName_Answer400NamingItAndWriteNothing(string body, string field)
    {
        using var client = await SupportClientAsync();

        var problem = await (await client.PostAsync("/api/enrolment-codes", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([field], problem.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Equal(0, await db.EnrolmentCodes.CountAsync());
    }

    [Fact]
    public async Task MemoryDiagnostics_ForSupportStaff_GiveTheProcesssMemory_AndAreRefusedToOthers()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var support = await SupportClientAsync();
        using var admin = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", family.Id)));

        var memory = await (await support.GetAsync("/api/diagnostics/memory")).ReadAsync<ProcessMemory>();
        var refused = await admin.GetAsync("/api/diagnostics/memory");

        Assert.True(memory.RssBytes > memory.ManagedBytes && memory.ManagedBytes > 0, $"RSS {memory.RssBytes}, managed {memory.ManagedBytes}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task CollectionDiagnostics_CountTheCollectionsSinceTheLastReading_WithoutCausingOne_AndAreRefusedToOthers()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var support = await SupportClientAsync();
        using var admin = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", family.Id)));

        var before = await (await support.GetAsync("/api/diagnostics/collections")).ReadAsync<ProcessCollections>();
        await support.GetAsync("/api/diagnostics/memory");
        var after = await (await support.GetAsync("/api/diagnostics/collections")).ReadAsync<ProcessCollections>();
        var refused = await admin.GetAsync("/api/diagnostics/collections");

        // The memory reading collects in full: one more of each generation at least, and some time paused.
        Assert.True(after.Gen2 > before.Gen2 && after.Gen1 > before.Gen1 && after.Gen0 > before.Gen0, $"before {before}, after {after}");
        Assert.True(after.PausedMs > before.PausedMs, $"before {before}, after {after}");
        Assert.True(after.AllocatedBytes > before.AllocatedBytes, $"before {before}, after {after}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
