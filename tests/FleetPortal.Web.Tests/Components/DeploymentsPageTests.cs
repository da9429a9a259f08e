using Bunit;
using FleetPortal.Web.Components.Pages.Deployments;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;

namespace FleetPortal.Web.Tests.Components;

public sealed class DeploymentsPageTests : PortalComponentTest
{
    private async Task<Deployment> CreateDeploymentAsync(int hostId, DeploymentStatus status, int minutesAgo = 0)
    {
        await using var db = CreateDbContext();
        var deployment = new Deployment
        {
            Id = Guid.NewGuid(),
            HostId = hostId,
            RevisionNumber = 1,
            Status = status,
            RequestedBy = "Sam Support",
            CreatedAt = Time.GetUtcNow().AddMinutes(-minutesAgo),
            Deadline = Time.GetUtcNow().AddDays(3),
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync();
        return deployment;
    }

    [Fact]
    public async Task StatusFilter_ShowsOnlyThoseDeploymentsOfTheFamilyAdminsHosts()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        var alice = await CreateHostAsync("alice-laptop", miller.Id);
        var bob = await CreateHostAsync("bob-desktop", miller.Id);
        var ada = await CreateHostAsync("ada-laptop", okafor.Id);
        await CreateDeploymentAsync(alice.Id, DeploymentStatus.Succeeded, minutesAgo: 10);
        await CreateDeploymentAsync(bob.Id, DeploymentStatus.Failed);
        await CreateDeploymentAsync(ada.Id, DeploymentStatus.Failed);
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);
        var page = Render<DeploymentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#deployments tbody tr").Count));

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<DeploymentStatus?>>().Instance.ValueChanged.InvokeAsync(DeploymentStatus.Failed));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#deployments tbody tr")));
        Assert.Contains("bob-desktop", page.Find("#deployments tbody tr").TextContent);
        Assert.Contains("failed", page.Find("#deployments tbody tr").TextContent);
    }

    [Fact]
    public async Task NewDeployment_AppearsWithoutReload()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentsPage>();
        page.WaitForAssertion(() => Assert.Contains("No deployments match", page.Markup));

        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Pending);
        await Notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentCreated, host.Id, deployment.Id));

        page.WaitForAssertion(() => Assert.Contains("alice-laptop", page.Find("#deployments tbody tr").TextContent));
    }
}
