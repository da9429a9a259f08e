using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

/// <summary>
/// What has not started on many hosts at once can be cancelled in one call: each such deployment
/// never runs and its agent drops it; what has started runs on; bad input cancels nothing.
/// </summary>
public class CancelDeploymentsApiTests : IDisposable
{
    private readonly PortalFactory portal;

    public CancelDeploymentsApiTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="CancelDeploymentsApiTestsOnPostgres"/>): the cancellation writes with statements of its own.</summary>
    protected CancelDeploymentsApiTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> SupportClientAsync() =>
        portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

    [Fact]
    public async Task Cancel_AFamilysDeployments_CancelsWhatHasNotStarted_LeavesWhatRuns_AndWithdrawsThemFromTheirAgents()
    {
        var address = portal.StartOnLoopback();
        var millers = await portal.CreateFamilyAsync("Miller family");
        var (laptop, token) = await portal.EnrolledHostAsync("mia-laptop");
        await portal.WithAsync<HostCommands>(c => c.AssignFamilyAsync(FleetSeed.Support, "mia-laptop", millers.Id));
        await portal.CreateHostAsync("max-desktop", millers.Id);
        await portal.CreateHostAsync("tom-tablet", millers.Id);
        await portal.CreateHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var delivered = await portal.ApproveAsync("mia-laptop", "vlc");
        Assert.Equal(delivered.DeploymentId, (await agent.Requests.Reader.NextAsync("the approved deployment")).DeploymentId);
        var waiting = await portal.ApproveAsync("max-desktop", "gimp");
        var running = await portal.ApproveAsync("tom-tablet", "htop");
        var elsewhere = await portal.ApproveAsync("alice-laptop", "git");
        await using (var db = portal.CreateDbContext())
        {
            await db.Deployments.Where(d => d.Id == running.DeploymentId).ExecuteUpdateAsync(d => d
                .SetProperty(x => x.Status, DeploymentStatus.Running)
                .SetProperty(x => x.StartedAt, DateTimeOffset.UtcNow));
        }

        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));

        var cancelled = await (await client.PostJsonAsync("/api/deployments/cancel", new { familyId = millers.Id, reason = "bad update" })).ReadAsync<CancelledDeployments>();

        Assert.Equal(2, cancelled.Count);
        Assert.Equal([delivered.DeploymentId, waiting.DeploymentId], cancelled.Deployments.Select(d => d.Id).Order());
        Assert.All(cancelled.Deployments, d => Assert.Equal(DeploymentStatus.Cancelled, d.Status));
        var withdrawal = await agent.Withdrawals.Reader.NextAsync("the withdrawal");
        Assert.Equal((delivered.DeploymentId, true), (withdrawal.DeploymentId, withdrawal.Reason.Contains("bad update")));
        foreach (var id in new[] { delivered.DeploymentId, waiting.DeploymentId })
        {
            var stored = await portal.ReloadAsync(id);
            Assert.Equal((DeploymentStatus.Cancelled, "Cancelled by Mia Miller: bad update"), (stored.Status, stored.Error));
            Assert.NotNull(stored.FinishedAt);
        }

        Assert.Equal(DeploymentStatus.Running, (await portal.ReloadAsync(running.DeploymentId)).Status);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(elsewhere.DeploymentId)).Status);
        await using var check = portal.CreateDbContext();
        var audit = await check.AuditEvents.Where(e => e.Action == AuditActions.DeploymentCancelled).ToListAsync();
        Assert.Equal([delivered.DeploymentId, waiting.DeploymentId], audit.Select(e => e.DeploymentId!.Value).Order());
        Assert.All(audit, e => Assert.Contains("before it started: bad update", e.Details));
    }

    [Fact]
    public async Task Cancel_NamedHostsWithNothingWaiting_CancelsNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        using var client = await SupportClientAsync();

        var cancelled = await (await client.PostJsonAsync("/api/deployments/cancel", new { hosts = new[] { "alice-laptop" } })).ReadAsync<CancelledDeployments>();

        Assert.Equal(0, cancelled.Count);
        Assert.Empty(cancelled.Deployments);
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{ "familyId": 1, "hosts": ["alice-laptop"] }""", "familyId" },
        { """{ "reason": "nothing named" }""", "familyId" },
        { """{ "hosts": ["alice-laptop"], "reason": "REASON" }""", "reason" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Cancel_WithBadInput_Answers400NamingTheField_AndCancelsNothing(string body, string field)
    {
        await portal.CreateFamilyAsync("Miller family");
        await portal.CreateHostAsync("alice-laptop");
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        using var client = await SupportClientAsync();

        var response = await client.PostAsync("/api/deployments/cancel",
            new StringContent(body.Replace("REASON", new string('x', 501), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(approval.DeploymentId)).Status);
    }

    [Fact]
    public async Task Cancel_NamingAHostThatIsNotThere_Answers404_AndCancelsNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        using var client = await SupportClientAsync();

        var response = await client.PostJsonAsync("/api/deployments/cancel", new { hosts = new[] { "alice-laptop", "no-such-host" } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-host", await response.Content.ReadAsStringAsync());
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(approval.DeploymentId)).Status);
    }

    [Fact]
    public async Task Cancel_ByAFamilyAdmin_NamingAnotherFamilysHost_IsRefused_AndCancelsNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("mia-laptop", millers.Id);
        await portal.CreateHostAsync("acme-render", acme.Id);
        var ours = await portal.ApproveAsync("mia-laptop", "vlc");
        var theirs = await portal.ApproveAsync("acme-render", "blender");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));

        var response = await client.PostJsonAsync("/api/deployments/cancel", new { hosts = new[] { "mia-laptop", "acme-render" } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(ours.DeploymentId)).Status);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(theirs.DeploymentId)).Status);
    }
}
