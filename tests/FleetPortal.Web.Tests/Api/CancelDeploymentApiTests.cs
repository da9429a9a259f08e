using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

/// <summary>A deployment that has not started can be cancelled: it never runs, and its agent drops it.</summary>
public sealed class CancelDeploymentApiTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private async Task<HttpClient> SupportClientAsync() =>
        portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

    [Fact]
    public async Task Cancel_ADeliveredDeployment_CancelsIt_RecordsWhy_AndWithdrawsItFromItsAgent()
    {
        var address = portal.StartOnLoopback();
        var (_, token) = await portal.EnrolledHostAsync("alice-laptop");
        await using var agent = await TestAgentConnection.ConnectAsync(address, token);
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        Assert.Equal(approval.DeploymentId, (await agent.Requests.Reader.NextAsync("the approved deployment")).DeploymentId);
        using var client = await SupportClientAsync();

        var cancelled = await (await client.PostJsonAsync($"/api/deployments/{approval.DeploymentId}/cancel", new { reason = "wrong machine" })).ReadAsync<DeploymentSummary>();

        Assert.Equal(DeploymentStatus.Cancelled, cancelled.Status);
        var withdrawal = await agent.Withdrawals.Reader.NextAsync("the withdrawal");
        Assert.Equal(approval.DeploymentId, withdrawal.DeploymentId);
        Assert.Contains("wrong machine", withdrawal.Reason);
        var stored = await portal.ReloadAsync(approval.DeploymentId);
        Assert.Equal((DeploymentStatus.Cancelled, "Cancelled by Sam Support: wrong machine"), (stored.Status, stored.Error));
        Assert.NotNull(stored.FinishedAt);
        await using var db = portal.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == AuditActions.DeploymentCancelled);
        Assert.Equal(approval.DeploymentId, audit.DeploymentId);
        Assert.Contains("wrong machine", audit.Details);
    }

    [Fact]
    public async Task Cancel_WithoutABody_CancelsIt()
    {
        await portal.CreateHostAsync("alice-laptop");
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        using var client = await SupportClientAsync();

        var response = await client.PostAsync($"/api/deployments/{approval.DeploymentId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Cancelled by Sam Support.", DeploymentStatus.Cancelled), ((await portal.ReloadAsync(approval.DeploymentId)).Error, (await portal.ReloadAsync(approval.DeploymentId)).Status));
    }

    [Theory]
    [InlineData(DeploymentStatus.Running, "has started")]
    [InlineData(DeploymentStatus.Succeeded, "has ended (succeeded)")]
    [InlineData(DeploymentStatus.Cancelled, "has ended (cancelled)")]
    public async Task Cancel_OnceStartedOrEnded_Answers409AndChangesNothing(DeploymentStatus status, string why)
    {
        await portal.CreateHostAsync("alice-laptop");
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        await using (var db = portal.CreateDbContext())
        {
            await db.Deployments.Where(d => d.Id == approval.DeploymentId).ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, status));
        }

        using var client = await SupportClientAsync();

        var response = await client.PostJsonAsync($"/api/deployments/{approval.DeploymentId}/cancel", new { reason = "too late" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(why, await response.Content.ReadAsStringAsync());
        Assert.Equal(status, (await portal.ReloadAsync(approval.DeploymentId)).Status);
        await using var check = portal.CreateDbContext();
        Assert.False(await check.AuditEvents.AnyAsync(e => e.Action == AuditActions.DeploymentCancelled));
    }

    [Fact]
    public async Task Cancel_WithTooLongAReason_Answers400NamingItAndChangesNothing()
    {
        await portal.CreateHostAsync("alice-laptop");
        var approval = await portal.ApproveAsync("alice-laptop", "vlc");
        using var client = await SupportClientAsync();

        var problem = await (await client.PostJsonAsync($"/api/deployments/{approval.DeploymentId}/cancel", new { reason = new string('x', 501) })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["reason"], problem.Errors.Keys);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(approval.DeploymentId)).Status);
    }

    [Fact]
    public async Task Cancel_AnUnknownDeployment_Answers404()
    {
        using var client = await SupportClientAsync();

        var response = await client.PostJsonAsync($"/api/deployments/{Guid.NewGuid()}/cancel", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cancel_ByAFamilyAdmin_OfAnotherFamilysHost_IsRefusedAndChangesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        await portal.CreateHostAsync("acme-render", acme.Id);
        var approval = await portal.ApproveAsync("acme-render", "blender");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", millers.Id)));

        var response = await client.PostJsonAsync($"/api/deployments/{approval.DeploymentId}/cancel", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(DeploymentStatus.Pending, (await portal.ReloadAsync(approval.DeploymentId)).Status);
    }
}
