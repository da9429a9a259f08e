using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Startup;
using FleetPortal.Web.Tests.Authorization;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.ScaleOut;

/// <summary>
/// Two portals on real Kestrel ports sharing one PostgreSQL database and one Redis server, as two
/// processes behind a load balancer do; each test has its own database and Redis channels.
/// </summary>
[RequiresServers]
public sealed class TwoPortalTests : IDisposable
{
    private readonly string database = TestServers.CreateDatabase();
    private readonly string channelPrefix = "fleetportal-test-" + Guid.NewGuid().ToString("N");
    private readonly PortalFactory first;
    private readonly PortalFactory second;

    public TwoPortalTests()
    {
        first = Portal();
        second = Portal();
    }

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
        TestServers.DropDatabase(database);
    }

    private PortalFactory Portal() => new PortalFactory()
        .OnPostgres(database)
        .With("ConnectionStrings:Redis", TestServers.Redis)
        .With(ScaleOutExtensions.ChannelPrefixKey, channelPrefix);

    [Fact]
    public async Task Approval_OnOnePortal_ReachesTheAgentConnectedToTheOtherOnce()
    {
        var firstAddress = first.StartOnLoopback();
        var secondAddress = second.StartOnLoopback();
        var (alice, aliceToken) = await first.EnrolledHostAsync("alice-laptop");
        var (_, bobToken) = await first.EnrolledHostAsync("bob-desktop");
        await using var aliceAgent = await TestAgentConnection.ConnectAsync(secondAddress, aliceToken);
        await using var bobAgent = await TestAgentConnection.ConnectAsync(firstAddress, bobToken);
        var support = await first.CreateSupportAsync();

        var change = await first.WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(support, "alice-laptop", new ProposedChange(Add: ["vlc"])));
        var approval = await first.WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(support, change.Change.Id));

        var request = await aliceAgent.Requests.Reader.NextAsync("the rebuild request, through the other portal");
        Assert.Equal(approval.DeploymentId, request.DeploymentId);
        var deployment = await second.ReloadAsync(request.DeploymentId);
        Assert.Equal(alice.Id, deployment.HostId);
        Assert.NotNull(deployment.SentAt);
        Assert.False(bobAgent.Requests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AgentEvent_HandledByOnePortal_IsHeardByTheOthersListeners()
    {
        first.StartOnLoopback();
        var secondAddress = second.StartOnLoopback();
        var (alice, token) = await first.EnrolledHostAsync("alice-laptop");
        var heard = Channel.CreateUnbounded<FleetChange>();
        using var listening = first.Services.GetRequiredService<IFleetNotifier>()
            .Subscribe(change => heard.Writer.WriteAsync(change).AsTask());

        await using var agent = await TestAgentConnection.ConnectAsync(secondAddress, token);

        FleetChange change;
        do
        {
            change = await heard.Reader.NextAsync("news of alice-laptop from the other portal");
        }
        while (change is not { Kind: FleetChangeKind.HostChanged } || change.HostId != alice.Id);

        Assert.True((await first.ReloadHostAsync(alice.Id)).State.IsOnline);
    }

    [Fact]
    public async Task Rollout_OnOnePortal_ReachesTheAgentsOfTheOtherOnce_ToldInTwoRedisMessages_ItsDeploymentsFirst()
    {
        var (_, hosts, agents) = await FourAgentsOnBothPortalsAsync();

        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        var messages = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(StackExchange.Redis.RedisChannel.Literal(channelPrefix + ":fleet-changes"),
            (_, message) => messages.Writer.TryWrite(message.ToString()));
        var support = await first.CreateSupportAsync();

        var rollout = await first.WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, null, hosts.Select(h => h.Host.Name).ToList()));

        for (var i = 0; i < agents.Count; i++)
        {
            var request = await agents[i].Requests.Reader.NextAsync($"the rollout's deployment of host-{i}");
            Assert.Equal(rollout.Deployments.Single(d => d.HostName == $"host-{i}").Id, request.DeploymentId);
            await agents[i].InvokeAsync(nameof(Core.Protocol.IAgentHub.Acknowledge), new Core.Protocol.DeploymentAcknowledgement(request.DeploymentId));

            // A hello sends whatever is unacknowledged before it returns: nothing is left to send again.
            await agents[i].HelloAsync();
            Assert.False(agents[i].Requests.Reader.TryRead(out var again), $"host-{i} was sent {again?.DeploymentId} twice");
        }

        // Two messages, not eight: first the deployments the second portal sends (hosts 1 and 3,
        // connected to it), told before the first portal sends its own; then, for the pages, those
        // the first portal sent itself, which no process reads again.
        var toldFirst = await RolloutChangesAsync(messages.Reader, rollout);
        var toldThen = await RolloutChangesAsync(messages.Reader, rollout);
        Assert.Equal(Ids(rollout, "host-1", "host-3"), Deployments(toldFirst, FleetChangeKind.DeploymentCreated));
        Assert.Empty(Deployments(toldFirst, FleetChangeKind.DeploymentSent));
        Assert.Empty(Changed(toldFirst));
        Assert.Empty(Deployments(toldThen, FleetChangeKind.DeploymentCreated));
        Assert.Equal(Ids(rollout, "host-0", "host-2"), Deployments(toldThen, FleetChangeKind.DeploymentSent));
        Assert.Equal(hosts.Select(h => h.Host.Id).Order(), Changed(toldThen));
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task SignIn_WithTheFormOfOnePortalPostedToTheOther_GivesACookieBothAccept()
    {
        var firstAddress = first.StartOnLoopback();
        var secondAddress = second.StartOnLoopback();
        await SignedInClients.CreateAccountAsync(first, "sam@example.org", Roles.Support);

        // Cookies go by host name, not port: one cookie jar is one browser behind a load balancer.
        using var browser = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var toFirst = new HttpClient(browser, disposeHandler: false) { BaseAddress = firstAddress };
        using var toSecond = new HttpClient(browser, disposeHandler: false) { BaseAddress = secondAddress };
        var form = await toSecond.GetStringAsync("/Account/Login");
        var antiforgery = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var signIn = await toFirst.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery,
            ["Input.Email"] = "sam@example.org",
            ["Input.Password"] = SignedInClients.Password,
        }));
        var onSecond = await toSecond.GetAsync("/audit/export.csv");
        var onFirst = await toFirst.GetAsync("/audit/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("Login", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
        await using var db = first.CreateDbContext();
        Assert.NotEmpty(db.DataProtectionKeys);
    }

    [Fact]
    public async Task Rollout_WhenOnePortalStopsMidway_ReachesEveryAgentThroughTheOther_AndNothingTwice()
    {
        var (firstAddress, hosts, agents) = await FourAgentsOnBothPortalsAsync();

        var deployments = new List<Guid>();
        foreach (var (host, _) in hosts)
        {
            deployments.Add((await first.ApproveAsync(host.Name, "vlc")).DeploymentId);
        }

        // The second portal goes away mid-rollout; its agents come back through the first.
        second.Dispose();
        for (var i = 1; i < agents.Count; i += 2)
        {
            await agents[i].DisposeAsync();
            agents[i] = await TestAgentConnection.ConnectAsync(firstAddress, hosts[i].Token);
        }

        for (var i = 0; i < agents.Count; i++)
        {
            var request = await agents[i].Requests.Reader.NextAsync($"the deployment of host-{i}");
            Assert.Equal(deployments[i], request.DeploymentId);
            await agents[i].InvokeAsync(nameof(Core.Protocol.IAgentHub.Acknowledge), new Core.Protocol.DeploymentAcknowledgement(request.DeploymentId));
        }

        for (var i = 0; i < agents.Count; i++)
        {
            // A hello sends whatever is unacknowledged before it returns: nothing is left to send again.
            await agents[i].HelloAsync();
            Assert.False(agents[i].Requests.Reader.TryRead(out var again), $"host-{i} was sent {again?.DeploymentId} again");
            var stored = await first.ReloadAsync(deployments[i]);
            Assert.Equal(DeploymentStatus.Delivered, stored.Status);
            Assert.NotNull(stored.AcknowledgedAt);
            await agents[i].DisposeAsync();
        }
    }

    /// <summary>
    /// The changes of the next message on the fleet's Redis channel that holds several, one of them
    /// a deployment of <paramref name="rollout"/>. The news of the agents' hellos before the rollout
    /// goes out after their answers, and may come after the test subscribed: it is passed over.
    /// </summary>
    private static async Task<List<System.Text.Json.JsonElement>> RolloutChangesAsync(ChannelReader<string> messages, RolloutSummary rollout)
    {
        var ofRollout = rollout.Deployments.Select(d => d.Id.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            using var message = System.Text.Json.JsonDocument.Parse(await messages.NextAsync("the rollout's message on Redis"));
            if (message.RootElement.TryGetProperty("changes", out var changes) && changes.ValueKind == System.Text.Json.JsonValueKind.Array
                && changes.EnumerateArray().Any(c => c.TryGetProperty("deploymentId", out var id) && id.GetString() is { } text && ofRollout.Contains(text)))
            {
                return changes.EnumerateArray().Select(c => c.Clone()).ToList();
            }
        }
    }

    private static IEnumerable<Guid> Ids(RolloutSummary rollout, params string[] hostNames) =>
        rollout.Deployments.Where(d => hostNames.Contains(d.HostName)).Select(d => d.Id).Order();

    private static IEnumerable<Guid> Deployments(List<System.Text.Json.JsonElement> told, FleetChangeKind kind) =>
        told.Where(c => c.GetProperty("kind").GetInt32() == (int)kind).Select(c => c.GetProperty("deploymentId").GetGuid()).Order();

    private static IEnumerable<int> Changed(List<System.Text.Json.JsonElement> told) =>
        told.Where(c => c.GetProperty("kind").GetInt32() == (int)FleetChangeKind.HostChanged).Select(c => c.GetProperty("hostId").GetInt32()).Order();

    /// <summary>
    /// Starts both portals and enrols four hosts, host-0 to host-3; the agents of the even ones connect
    /// to the first portal (whose address is returned), the odd ones to the second.
    /// </summary>
    private async Task<(Uri FirstAddress, List<(Data.Host Host, string Token)> Hosts, List<TestAgentConnection> Agents)> FourAgentsOnBothPortalsAsync()
    {
        var addresses = new[] { first.StartOnLoopback(), second.StartOnLoopback() };
        var hosts = new List<(Data.Host Host, string Token)>();
        var agents = new List<TestAgentConnection>();
        for (var i = 0; i < 4; i++)
        {
            hosts.Add(await first.EnrolledHostAsync($"host-{i}"));
            agents.Add(await TestAgentConnection.ConnectAsync(addresses[i % 2], hosts[i].Token));
        }

        return (addresses[0], hosts, agents);
    }
}
