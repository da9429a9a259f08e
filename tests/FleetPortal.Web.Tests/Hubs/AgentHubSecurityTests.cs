using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Hubs;

public sealed class AgentHubSecurityTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task HostAToken_CannotReportForHostB_AndWritesNothing()
    {
        var address = portal.StartOnLoopback();
        var (_, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        await portal.EnrolledHostAsync("bob-desktop");
        var bobDeployment = await portal.ReloadAsync((await portal.ApproveAsync("bob-desktop", "vlc")).DeploymentId);
        await using var alice = await TestAgentConnection.ConnectAsync(address, aliceToken);

        foreach (var (method, argument) in new (string, object)[]
        {
            (nameof(IAgentHub.Acknowledge), new DeploymentAcknowledgement(bobDeployment.Id)),
            (nameof(IAgentHub.ReportStarted), new DeploymentStarted(bobDeployment.Id, "rm -rf /", 1)),
            (nameof(IAgentHub.ReportLog), new DeploymentLogBatch(bobDeployment.Id, 0, ["forged"])),
            (nameof(IAgentHub.ReportResult), new DeploymentResult(bobDeployment.Id, false, null, 1, "forged", [])),
        })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => alice.InvokeAsync(method, argument));
            Assert.Contains("is not a deployment of alice-laptop", refused.Message);
        }

        var untouched = await portal.ReloadAsync(bobDeployment.Id);
        Assert.Equal(DeploymentStatus.Pending, untouched.Status);
        Assert.Null(untouched.AcknowledgedAt);
        Assert.Empty(untouched.LogLines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectedAgent_KeepsItsHostButNotItsTokenOnTheConnection(bool tokenInQuery)
    {
        var address = portal.StartOnLoopback();
        var (alice, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token, tokenInQuery: tokenInQuery);

        var connections = portal.Services.GetRequiredService<AgentConnections>();
        var (identity, context) = Assert.Single(connections.OfHost(alice.Id));
        var http = context.GetHttpContext()!;
        var request = http.Request;

        Assert.Equal(("alice-laptop", alice.Id), (identity.HostName, identity.HostId));
        Assert.Equal(identity, connections.Of(context.ConnectionId));
        Assert.Empty(context.User!.Claims);
        Assert.Empty(http.User.Claims);
        Assert.Empty(http.Items);
        Assert.Equal(0, request.Headers.Authorization.Count);
        Assert.DoesNotContain(token, request.QueryString.Value ?? "");
        Assert.DoesNotContain(token, http.Features.Get<IHttpRequestFeature>()!.RawTarget);
        Assert.DoesNotContain(request.Headers, header => header.Value.ToString().Contains(token, StringComparison.Ordinal));

        // The connection still works as before: its agent is greeted and sent its deployments.
        var approved = await portal.ApproveAsync("alice-laptop", "vlc");
        Assert.Equal(approved.DeploymentId, (await agent.Requests.Reader.NextAsync("the approved deployment")).DeploymentId);
    }

    [Fact]
    public async Task BundleDownload_ServesOnlyTheTokensOwnHost_WithTheStoredHash()
    {
        portal.StartOnLoopback();
        var (alice, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        await portal.EnrolledHostAsync("bob-desktop");
        await portal.ApproveAsync("alice-laptop", "firefox");
        await portal.ApproveAsync("bob-desktop", "vlc");
        await portal.ApproveAsync("bob-desktop", "gimp");
        await using var db = portal.CreateDbContext();
        var aliceRevision = await db.Revisions.SingleAsync(r => r.HostId == alice.Id && r.Number == 2);
        using var http = portal.CreateClient();

        var anonymous = await http.GetAsync(AgentProtocol.BundlePath(2));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", aliceToken);
        var own = await http.GetFromJsonAsync<BundleDownload>(AgentProtocol.BundlePath(2));
        var bobsOnly = await http.GetAsync(AgentProtocol.BundlePath(3));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("alice-laptop", own!.HostName);
        Assert.Equal(aliceRevision.ContentHash, own.ContentHash);
        Assert.Equal(own.ContentHash, BundleHash.Compute(own.Files));
        Assert.Contains("pkgs.firefox", own.Files.Single(f => f.Path == BundleFileNames.Packages).Content);
        Assert.Equal(HttpStatusCode.NotFound, bobsOnly.StatusCode);
    }

    [Fact]
    public async Task BundleOverTheHub_ServesOnlyTheConnectionsOwnHost_AndRefusesWhatItDoesNotSend()
    {
        var address = portal.StartOnLoopback();
        var (alice, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        await portal.EnrolledHostAsync("bob-desktop");
        await portal.ApproveAsync("alice-laptop", "firefox");
        await portal.ApproveAsync("bob-desktop", "vlc");
        await portal.ApproveAsync("bob-desktop", "gimp");
        await portal.ApproveNewFileAsync("alice-laptop", "large.nix", "# " + new string('x', AgentProtocol.MaxHubBundleCharacters));
        await using var db = portal.CreateDbContext();
        var aliceRevision = await db.Revisions.SingleAsync(r => r.HostId == alice.Id && r.Number == 2);
        await using var agent = await TestAgentConnection.ConnectAsync(address, aliceToken);
        await using var unGreeted = await TestAgentConnection.ConnectAsync(address, aliceToken, hello: false);
        Task<BundleDownload> Bundle(TestAgentConnection connection, BundleRequest? request) =>
            connection.Connection.InvokeAsync<BundleDownload>(nameof(IAgentHub.DownloadBundle), request);

        var own = await Bundle(agent, new BundleRequest(2));
        var bobsOnly = await Assert.ThrowsAsync<HubException>(() => Bundle(agent, new BundleRequest(4)));
        var tooLarge = await Assert.ThrowsAsync<HubException>(() => Bundle(agent, new BundleRequest(3)));
        var unnamed = await Assert.ThrowsAsync<HubException>(() => Bundle(agent, null));
        var beforeHello = await Assert.ThrowsAsync<HubException>(() => Bundle(unGreeted, new BundleRequest(2)));

        Assert.Equal("alice-laptop", own.HostName);
        Assert.Equal(aliceRevision.ContentHash, own.ContentHash);
        Assert.Equal(own.ContentHash, BundleHash.Compute(own.Files));
        Assert.Contains("pkgs.firefox", own.Files.Single(f => f.Path == BundleFileNames.Packages).Content);
        Assert.Contains("alice-laptop has no revision 4", bobsOnly.Message);
        Assert.Contains($"download it from {AgentProtocol.BundlePath(3)}", tooLarge.Message);
        Assert.Contains("Name the revision", unnamed.Message);
        Assert.Contains("Call Hello", beforeHello.Message);
    }

    [Fact]
    public async Task BundlesAskedForTogether_AreReadTogether_EachForItsOwnHost()
    {
        portal.StartOnLoopback();
        var (alice, _) = await portal.EnrolledHostAsync("alice-laptop");
        var (bob, _) = await portal.EnrolledHostAsync("bob-desktop");
        await portal.ApproveAsync("alice-laptop", "firefox");
        await portal.ApproveAsync("alice-laptop", "gimp");
        await portal.ApproveAsync("bob-desktop", "vlc");
        var bundles = portal.Services.GetRequiredService<RevisionBundles>();
        var aliceAgent = new AgentIdentity(alice.Id, alice.Name, 1);
        var bobAgent = new AgentIdentity(bob.Id, bob.Name, 2);

        var read = await Task.WhenAll(
            bundles.ReadAsync(aliceAgent, 2), bundles.ReadAsync(bobAgent, 2), bundles.ReadAsync(bobAgent, 3), bundles.ReadAsync(aliceAgent, 3));

        string Packages(BundleDownload? bundle) => bundle!.Files.Single(f => f.Path == BundleFileNames.Packages).Content;
        Assert.Contains("pkgs.firefox", Packages(read[0]));
        Assert.DoesNotContain("pkgs.gimp", Packages(read[0]));
        Assert.Equal("bob-desktop", read[1]!.HostName);
        Assert.Contains("pkgs.vlc", Packages(read[1]));
        Assert.DoesNotContain("pkgs.firefox", Packages(read[1]));
        Assert.Null(read[2]);
        Assert.Contains("pkgs.gimp", Packages(read[3]));
    }

    [Fact]
    public async Task AgentRequests_AskToCloseTheirConnection_SoNoIdleConnectionStaysBesideTheWebSocket()
    {
        var (_, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        using var http = portal.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", aliceToken);

        using var negotiated = await http.PostAsync(AgentProtocol.HubPath + "/negotiate?negotiateVersion=1", null);
        using var bundle = await http.GetAsync(AgentProtocol.BundlePath(1));
        using var page = await http.GetAsync("/openapi/v1.json");

        negotiated.EnsureSuccessStatusCode();
        bundle.EnsureSuccessStatusCode();
        Assert.True(negotiated.Headers.ConnectionClose);
        Assert.True(bundle.Headers.ConnectionClose);
        Assert.NotEqual(true, page.Headers.ConnectionClose);
    }

    [Fact]
    public async Task RevokedToken_ClosesItsLiveConnection_AndIsRefusedAfterwards()
    {
        var address = portal.StartOnLoopback();
        var (alice, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        var (_, bobToken) = await portal.EnrolledHostAsync("bob-desktop");
        await using var aliceAgent = await TestAgentConnection.ConnectAsync(address, aliceToken);
        await using var bobAgent = await TestAgentConnection.ConnectAsync(address, bobToken);

        await portal.Services.GetRequiredService<AgentRevocations>().RevokeAsync(alice.Id, FleetSeed.Support);

        await aliceAgent.Closed.Task.WaitAsync(Eventually.DefaultTimeout);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => TestAgentConnection.ConnectAsync(address, aliceToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, bobAgent.Connection.State);
        await bobAgent.InvokeAsync(nameof(IAgentHub.ReportState), TestAgentConnection.SomeState);
    }

    [Fact]
    public async Task OversizedMessage_ClosesOnlyTheConnectionThatSentIt()
    {
        var address = portal.StartOnLoopback();
        var (_, aliceToken) = await portal.EnrolledHostAsync("alice-laptop");
        var (_, bobToken) = await portal.EnrolledHostAsync("bob-desktop");
        var deployment = await portal.ReloadAsync((await portal.ApproveAsync("alice-laptop", "vlc")).DeploymentId);
        await using var aliceAgent = await TestAgentConnection.ConnectAsync(address, aliceToken);
        await using var bobAgent = await TestAgentConnection.ConnectAsync(address, bobToken);

        var huge = new DeploymentLogBatch(deployment.Id, 0, [new string('x', AgentProtocol.MaxMessageBytes * 2)]);
        await Assert.ThrowsAnyAsync<Exception>(() => aliceAgent.InvokeAsync(nameof(IAgentHub.ReportLog), huge));

        await aliceAgent.Closed.Task.WaitAsync(Eventually.DefaultTimeout);
        Assert.Empty((await portal.ReloadAsync(deployment.Id)).LogLines);
        var bobDeployment = await portal.ApproveAsync("bob-desktop", "gimp");
        Assert.Equal(bobDeployment.DeploymentId, (await bobAgent.Requests.Reader.NextAsync("bob's request after alice's oversized message")).DeploymentId);
    }

    [Fact]
    public async Task TokenInTheQueryString_ConnectsButNeverReachesTheLog()
    {
        var logs = new CapturingLoggerProvider();
        portal.With("Logging:LogLevel:Default", "Trace");
        portal.WithLogger(logs);
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");

        await using var agent = await TestAgentConnection.ConnectAsync(address, token, tokenInQuery: true);
        await agent.InvokeAsync(nameof(IAgentHub.ReportState), TestAgentConnection.SomeState);

        Assert.Contains(logs.Messages, m => m.Contains("AgentToken was successfully authenticated", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(token, StringComparison.Ordinal));
    }
}
