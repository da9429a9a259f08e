using System.Net;
using System.Net.Http.Json;
using FleetPortal.Core.Bundles;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Services.Security;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Hubs;

public sealed class EnrolmentTests : IDisposable
{
    private static readonly BundleFile[] MachineFiles =
    [
        new(BundleFileNames.Configuration, FleetSeed.Configuration),
        new("hardware-configuration.nix", "{ ... }: { fileSystems.\"/\".device = \"/dev/sda1\"; }\n"),
    ];

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Enrol_WithAValidCode_CreatesTheHostWithItsConfigurationAsRevisionOne_AndATokenStoredHashed()
    {
        var code = await portal.EnrolmentCodeAsync("alice-laptop");
        using var http = portal.CreateClient();

        var response = await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(code.ToLowerInvariant(), MachineFiles, TestAgentConnection.SomeState, "1.0"));

        response.EnsureSuccessStatusCode();
        var receipt = (await response.Content.ReadFromJsonAsync<EnrolmentReceipt>())!;
        Assert.Equal(("alice-laptop", 1, true), (receipt.HostName, receipt.RevisionNumber, receipt.ConfigurationImported));
        await using var db = portal.CreateDbContext();
        var revision = await db.Revisions.Include(r => r.Files).SingleAsync(r => r.HostId == receipt.HostId);
        Assert.Equal(["configuration.nix", "hardware-configuration.nix"], revision.Files.Select(f => f.Path).Order());
        Assert.Equal(BundleRenderer.Render([], MachineFiles).ContentHash, revision.ContentHash);
        var credential = await db.AgentCredentials.SingleAsync(c => c.HostId == receipt.HostId);
        Assert.Equal(SecretTokens.Hash(receipt.Token), credential.TokenHash);
        Assert.True((await db.Hosts.SingleAsync(h => h.Id == receipt.HostId)).State.AppliedRevisionNumber == 1);
    }

    [Fact]
    public async Task Enrol_WithAnUnknownUsedOrExpiredCode_SaysWhyAndWritesNothing()
    {
        var expired = await portal.EnrolmentCodeAsync("old-laptop", TimeSpan.FromSeconds(-1));
        var good = await portal.EnrolmentCodeAsync("alice-laptop");
        using var http = portal.CreateClient();
        (await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(good, MachineFiles, null, null))).EnsureSuccessStatusCode();

        var unknown = await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest("ZZZZ-ZZZZ", MachineFiles, null, null));
        var reused = await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(good, MachineFiles, null, null));
        var late = await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(expired, MachineFiles, null, null));

        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Contains("not known", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, reused.StatusCode);
        Assert.Contains("already used", await reused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains("expired", await late.Content.ReadAsStringAsync());
        await using var db = portal.CreateDbContext();
        Assert.Equal(["alice-laptop"], await db.Hosts.Select(h => h.Name).ToListAsync());
        Assert.Equal(1, await db.AgentCredentials.CountAsync());
    }

    [Fact]
    public async Task Enrol_WithAFileOutsideTheConfigurationFolder_IsRefusedAndLeavesTheCodeUnused()
    {
        var code = await portal.EnrolmentCodeAsync("alice-laptop");
        using var http = portal.CreateClient();

        var response = await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(code, [new("../shadow", "x")], null, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'../shadow' cannot be uploaded", await response.Content.ReadAsStringAsync());
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.Hosts.ToListAsync());
        Assert.Null((await db.EnrolmentCodes.SingleAsync()).UsedAt);
    }

    [Fact]
    public async Task Enrol_RepeatedAttemptsFromOneAddress_AreRateLimited()
    {
        portal.With("FleetPortal:Agents:EnrolmentAttemptsPerWindow", "3");
        using var http = portal.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add((await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest("WRON-GCOD", [], null, null))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Enrol_AgainForAnEnrolledHost_RevokesTheOlderToken()
    {
        var address = portal.StartOnLoopback();
        var (host, oldToken) = await portal.EnrolledHostAsync("alice-laptop");
        await using var oldAgent = await TestAgentConnection.ConnectAsync(address, oldToken);
        var code = await portal.EnrolmentCodeAsync("alice-laptop");
        using var http = portal.CreateClient();

        var receipt = await (await http.PostAsJsonAsync(AgentProtocol.EnrolPath, new EnrolmentRequest(code, MachineFiles, null, null))).Content.ReadFromJsonAsync<EnrolmentReceipt>();

        Assert.Equal(host.Id, receipt!.HostId);
        Assert.False(receipt.ConfigurationImported);
        await oldAgent.Closed.Task.WaitAsync(Eventually.DefaultTimeout);
        await using var newAgent = await TestAgentConnection.ConnectAsync(address, receipt.Token);
        Assert.Equal(host.Id, (await newAgent.HelloAsync()).HostId);
    }
}
