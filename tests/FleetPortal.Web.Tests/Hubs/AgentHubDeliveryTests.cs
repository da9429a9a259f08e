using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Hubs;

public class AgentHubDeliveryTests : IDisposable
{
    private readonly PortalFactory portal;

    public AgentHubDeliveryTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="AgentHubDeliveryTestsOnPostgres"/>).</summary>
    protected AgentHubDeliveryTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Approval_WhileTheHostIsConnected_SendsTheRequestToThatHostAtOnce()
    {
        var address = portal.StartOnLoopback();
        var (alice, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        var (_, bobToken) = await portal.EnrolledHostAsync("bob-desktop");
        await using var aliceAgent = await TestAgentConnection.ConnectAsync(address, aliceToken);
        await using var bobAgent = await TestAgentConnection.ConnectAsync(address, bobToken);

        var approval = await portal.ApproveAsync("alice-laptop", "firefox", "vlc");

        var request = await aliceAgent.Requests.Reader.NextAsync("the rebuild request");
        Assert.Equal(approval.DeploymentId, request.DeploymentId);
        await using var db = portal.CreateDbContext();
        Assert.Equal(await db.Revisions.Where(r => r.HostId == alice.Id && r.Number == approval.RevisionNumber).Select(r => r.ContentHash).SingleAsync(), request.ContentHash);
        Assert.Equal("firefox, vlc added", request.Summary);
        Assert.Equal(RebuildAction.Switch, request.Action);
        Assert.False(bobAgent.Requests.Reader.TryRead(out _));
        Assert.NotNull((await portal.ReloadAsync(approval.DeploymentId)).SentAt);
    }

    [Fact]
    public async Task PendingDeployment_OfAnOfflineHost_IsSentWhenItsAgentSaysHello_AndNotAgainOnceAcknowledged()
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        var deployment = await portal.ApproveAsync("alice-laptop", "vlc");

        await using (var agent = await TestAgentConnection.ConnectAsync(address, token))
        {
            var request = await agent.Requests.Reader.NextAsync("the waiting deployment");
            Assert.Equal(deployment.DeploymentId, request.DeploymentId);
            await agent.InvokeAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(deployment.DeploymentId));
            await agent.InvokeAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(deployment.DeploymentId));
        }

        var stored = await portal.ReloadAsync(deployment.DeploymentId);
        Assert.Equal(DeploymentStatus.Delivered, stored.Status);
        Assert.NotNull(stored.AcknowledgedAt);

        await using var again = await TestAgentConnection.ConnectAsync(address, token);
        Assert.False(again.Requests.Reader.TryRead(out _));
    }

    [Fact]
    public async Task NewerDeployment_SupersedesAnOlderOneThatHasNotStarted()
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var first = await portal.ApproveAsync("alice-laptop", "vlc");
        await agent.Requests.Reader.NextAsync("the first deployment");
        await agent.InvokeAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(first.DeploymentId));

        var second = await portal.ApproveAsync("alice-laptop", "gimp");

        var withdrawal = await agent.Withdrawals.Reader.NextAsync("the withdrawal of the first deployment");
        Assert.Equal(first.DeploymentId, withdrawal.DeploymentId);
        Assert.Equal(second.DeploymentId, withdrawal.SupersededBy);
        Assert.Equal(second.DeploymentId, (await agent.Requests.Reader.NextAsync("the second deployment")).DeploymentId);
        Assert.Equal(DeploymentStatus.Superseded, (await portal.ReloadAsync(first.DeploymentId)).Status);
    }

    [Fact]
    public async Task Reports_FromDecisionToResult_MoveTheDeploymentOnAndKeepTheLogOnce()
    {
        var address = portal.StartOnLoopback();
        var (host, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        await portal.PolicyAsync(host.Id, Core.Deferrals.PromptMode.Ask, maxDeferrals: 1);
        var deployment = await ApprovedAsync("alice-laptop", "vlc");
        await agent.Requests.Reader.NextAsync("the deployment");
        var later = DateTimeOffset.UtcNow.AddHours(1);

        await agent.InvokeAsync(nameof(IAgentHub.ReportDecision), new DeploymentDecision(deployment.Id, DecisionKind.Deferred, later, "alice"));
        var deferred = await portal.ReloadAsync(deployment.Id);
        Assert.Equal((DeploymentStatus.Deferred, 1), (deferred.Status, deferred.DeferralCount));
        var refused = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.ReportDecision), new DeploymentDecision(deployment.Id, DecisionKind.Deferred, later, "alice")));
        Assert.Contains("the most allowed", refused.Message);

        await agent.InvokeAsync(nameof(IAgentHub.ReportStarted), new DeploymentStarted(deployment.Id, "nixos-rebuild switch", 1));
        await agent.InvokeAsync(nameof(IAgentHub.ReportLog), new DeploymentLogBatch(deployment.Id, 0, ["building the system configuration...", "activating the configuration..."]));
        await agent.InvokeAsync(nameof(IAgentHub.ReportLog), new DeploymentLogBatch(deployment.Id, 1, ["activating the configuration...", "done"]));
        await agent.InvokeAsync(nameof(IAgentHub.ReportResult), new DeploymentResult(deployment.Id, true, 2, 0, null, ["done"]));
        await agent.InvokeAsync(nameof(IAgentHub.ReportResult), new DeploymentResult(deployment.Id, false, null, 1, "late repeat", []));

        var finished = await portal.ReloadAsync(deployment.Id);
        Assert.Equal(DeploymentStatus.Succeeded, finished.Status);
        Assert.Equal(2, finished.ResultGeneration);
        Assert.Equal(
            ["building the system configuration...", "activating the configuration...", "done"],
            finished.LogLines.OrderBy(l => l.Sequence).Select(l => l.Text));
        Assert.Equal(deployment.RevisionNumber, (await portal.ReloadHostAsync(host.Id)).State.AppliedRevisionNumber);
    }

    [Fact]
    public async Task Result_WithItsNumberedTail_RecordsTheLinesTheLogLacks_OneWithoutATailOrWithANegativeNumberIsRefused()
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var deployment = await ApprovedAsync("alice-laptop", "vlc");
        await agent.Requests.Reader.NextAsync("the deployment");
        await agent.InvokeAsync(nameof(IAgentHub.ReportStarted), new DeploymentStarted(deployment.Id, "nixos-rebuild switch", 1));
        await agent.InvokeAsync(nameof(IAgentHub.ReportLog), new DeploymentLogBatch(deployment.Id, 0, ["building Nix...", "building the system configuration..."]));

        var withoutTail = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.ReportResult), new DeploymentResult(deployment.Id, true, 2, 0, null, null!)));
        var negative = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.ReportResult), new DeploymentResult(deployment.Id, true, 2, 0, null, ["Done."], LogTailSequence: -1)));
        Assert.Contains("A result needs its log tail", withoutTail.Message);
        Assert.Contains("numbered from 0", negative.Message);
        var refused = await portal.ReloadAsync(deployment.Id);
        Assert.Equal((DeploymentStatus.Running, 2), (refused.Status, refused.LogLines.Count));

        // Lines 2 to 4 were printed while the portal was away; the result's tail holds lines 1 to 4.
        await agent.InvokeAsync(nameof(IAgentHub.ReportResult), new DeploymentResult(
            deployment.Id, true, 2, 0, null, ["building the system configuration...", "activating the configuration...", "setting up /etc...", "Done."], LogTailSequence: 1));

        var finished = await portal.ReloadAsync(deployment.Id);
        Assert.Equal(DeploymentStatus.Succeeded, finished.Status);
        Assert.Equal(
            [(0, "building Nix..."), (1, "building the system configuration..."), (2, "activating the configuration..."), (3, "setting up /etc..."), (4, "Done.")],
            finished.LogLines.OrderBy(l => l.Sequence).Select(l => (l.Sequence, l.Text)));
    }

    [Fact]
    public async Task Presence_IsOnlineAfterHello_AndOfflineWithLastSeenAfterTheConnectionEnds()
    {
        var address = portal.StartOnLoopback();
        var (host, token) = await portal.EnrolledHostAsync("alice-laptop");

        var agent = await TestAgentConnection.ConnectAsync(address, token);
        var online = await portal.ReloadHostAsync(host.Id);
        Assert.True(online.State.IsOnline);
        Assert.Equal("24.05.20240101.abcdef (Uakari)", online.State.NixosVersion);

        await agent.DisposeAsync();
        await Eventually.HoldsAsync(async () => !(await portal.ReloadHostAsync(host.Id)).State.IsOnline, "the host is offline");
        Assert.NotNull((await portal.ReloadHostAsync(host.Id)).State.LastSeen);
    }

    [Fact]
    public async Task Hello_WithAnotherProtocolVersion_IsRefusedWithTheReason_AndNothingIsSent()
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await portal.ApproveAsync("alice-laptop", "vlc");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token, hello: false);

        var refused = await Assert.ThrowsAsync<HubException>(() => agent.HelloAsync(AgentProtocol.Version + 1));

        Assert.Contains($"speaks agent protocol {AgentProtocol.Version}", refused.Message);
        var early = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.ReportState), TestAgentConnection.SomeState));
        Assert.Contains("Hello", early.Message);
        Assert.False(agent.Requests.Reader.TryRead(out _));
    }

    [Theory]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task FallbackTransports_StillDeliver(HttpTransportType transport)
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token, transport: transport);

        var deployment = await portal.ApproveAsync("alice-laptop", "vlc");

        Assert.Equal(deployment.DeploymentId, (await agent.Requests.Reader.NextAsync("the request over " + transport)).DeploymentId);
    }

    [Fact]
    public async Task Acknowledgement_WhileDeploymentsAreBeingSent_IsStoredOnceTheSendsEnd()
    {
        // The clock stands still: the sends never outlast the longest wait, however slow the machine.
        portal.UseFakeTime();
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var deployment = await portal.ApproveAsync("alice-laptop", "vlc");
        await agent.Requests.Reader.NextAsync("the deployment");
        var acknowledgements = portal.Services.GetRequiredService<DeploymentAcknowledgements>();
        var sending = portal.Services.GetRequiredService<SendsUnderway>().Begin();

        var acknowledged = agent.InvokeAsync(nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(deployment.DeploymentId));

        await Eventually.HoldsAsync(() => acknowledgements.HeldForSends == 1, "the acknowledgement waits for the sends");
        Assert.False(acknowledged.IsCompleted);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(deployment.DeploymentId)).Status);
        sending.Dispose();

        await acknowledged.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(DeploymentStatus.Delivered, (await portal.ReloadAsync(deployment.DeploymentId)).Status);
        Assert.Equal(0, acknowledgements.HeldForSends);
    }

    [Fact]
    public async Task CancelledDeployment_ThatHasNotStarted_IsWithdrawnFromTheAgent()
    {
        var address = portal.StartOnLoopback();
        var (host, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var deployment = await ApprovedAsync("alice-laptop", "vlc");
        await agent.Requests.Reader.NextAsync("the deployment");
        await using (var db = portal.CreateDbContext())
        {
            var stored = await db.Deployments.FindAsync(deployment.Id);
            stored!.Status = DeploymentStatus.Cancelled;
            stored.Error = "Cancelled by support.";
            await db.SaveChangesAsync();
        }

        await portal.Services.GetRequiredService<IFleetNotifier>().PublishAsync(new FleetChange(FleetChangeKind.DeploymentCancelled, host.Id, deployment.Id));

        var withdrawal = await agent.Withdrawals.Reader.NextAsync("the withdrawal");
        Assert.Equal((deployment.Id, "Cancelled by support."), (withdrawal.DeploymentId, withdrawal.Reason));
    }

    private async Task<Deployment> ApprovedAsync(string hostName, params string[] add) =>
        await portal.ReloadAsync((await portal.ApproveAsync(hostName, add)).DeploymentId);

    [Fact]
    public async Task PresenceSweep_MarksOfflineAHostNoProcessHolds_AndKeepsAConnectedOneOnline()
    {
        var address = portal.StartOnLoopback();
        var (connected, token) = await portal.EnrolledHostAsync("alice-laptop");
        var (abandoned, _) = await portal.EnrolledHostAsync("bob-desktop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        await using (var db = portal.CreateDbContext())
        {
            // Both as a portal process that crashed long ago would have left them.
            foreach (var host in await db.Hosts.ToListAsync())
            {
                host.State.IsOnline = true;
                host.State.LastSeen = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
            }

            await db.SaveChangesAsync();
        }

        await portal.Services.GetRequiredService<Web.Services.Agents.PresenceVouching>().VouchAsync();
        Assert.True(await portal.Services.GetRequiredService<Web.Services.PeriodicWork.PeriodicJobRunner>()
            .RunOnceAsync(portal.Services.GetRequiredService<Web.Services.Agents.SilentHostSweep>()));

        Assert.True((await portal.ReloadHostAsync(connected.Id)).State.IsOnline);
        Assert.False((await portal.ReloadHostAsync(abandoned.Id)).State.IsOnline);
    }
}
