using Bunit;
using FleetPortal.Web.Components.Pages.Deployments;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>The page at an address with a query, as a link to it renders it.</summary>
    private IRenderedComponent<DeploymentsPage> RenderAt(string address)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);
        return Render<DeploymentsPage>();
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

    [Fact]
    public async Task ARollout_ShowsHowFarItHasCome_AboveOnlyItsDeployments_EachCountLinkingToThem_AndFollowsThemLive()
    {
        var miller = await CreateFamilyAsync("Miller");
        await CreateHostAsync("alice-laptop", miller.Id);
        await CreateHostAsync("bob-desktop", miller.Id);
        var other = await CreateHostAsync("carol-pc", null);
        await CreateDeploymentAsync(other.Id, DeploymentStatus.Pending);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var rollout = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, miller.Id, null));
        await WithAsync<DeploymentCommands, DeploymentSummary>(d => d.CancelAsync(support, rollout.Deployments[0].Id, "not alice"));

        var page = RenderAt($"deployments?rollout={rollout.Id}");

        page.WaitForAssertion(() => Assert.Equal("1 of 2 hosts done, 0 running, 1 not started yet.", page.Find("#rollout-progress .rollout-summary").TextContent));
        Assert.Equal("Rollout of their current revisions to the 2 hosts of family Miller requested.", page.Find("#rollout-description").TextContent);
        Assert.Equal(("rollouts", "deployments"), (page.Find("#all-rollouts").GetAttribute("href"), page.Find("#all-deployments").GetAttribute("href")));
        Assert.Equal(
            [("1 pending", $"deployments?rollout={rollout.Id}&status=pending"), ("1 cancelled", $"deployments?rollout={rollout.Id}&status=cancelled")],
            page.FindAll("#rollout-progress .rollout-counts a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))));
        page.WaitForAssertion(() => Assert.Equal(["alice-laptop", "bob-desktop"], page.FindAll("#deployments tbody tr td:nth-child(2)").Select(c => c.TextContent).Order()));

        // Cancelling tells the pages, as every step of a deployment does.
        await WithAsync<DeploymentCommands, DeploymentSummary>(d => d.CancelAsync(support, rollout.Deployments[1].Id, null));

        page.WaitForAssertion(() => Assert.Equal("Finished: 2 hosts done.", page.Find("#rollout-progress .rollout-summary").TextContent));
        Assert.Equal(["2 cancelled"], page.FindAll("#rollout-progress .rollout-counts a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public async Task AStatusInTheAddress_FiltersARolloutsDeployments()
    {
        var miller = await CreateFamilyAsync("Miller");
        await CreateHostAsync("alice-laptop", miller.Id);
        await CreateHostAsync("bob-desktop", miller.Id);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var rollout = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, miller.Id, null));
        await WithAsync<DeploymentCommands, DeploymentSummary>(d => d.CancelAsync(support, rollout.Deployments[1].Id, null));

        var page = RenderAt($"deployments?rollout={rollout.Id}&status=cancelled");

        page.WaitForAssertion(() => Assert.Equal(["bob-desktop"], page.FindAll("#deployments tbody tr td:nth-child(2)").Select(c => c.TextContent)));
    }

    [Fact]
    public async Task ARolloutThatIsNotThere_SaysSo_AndAFamilyAdminCannotSeeOneThatReachedNoneOfTheirHosts()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("ada-laptop", okafor.Id);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var rollout = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, okafor.Id, null));
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var page = RenderAt($"deployments?rollout={rollout.Id}");

        page.WaitForAssertion(() => Assert.Contains($"There is no rollout {rollout.Id}.", page.Find("#rollout-missing").TextContent));
        Assert.Empty(page.FindAll("#rollout-progress"));
        page.WaitForAssertion(() => Assert.Contains("No deployments match", page.Markup));
    }
}
