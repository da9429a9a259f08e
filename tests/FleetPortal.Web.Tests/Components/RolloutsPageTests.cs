using Bunit;
using FleetPortal.Web.Components.Pages.Deployments;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;

namespace FleetPortal.Web.Tests.Components;

public sealed class RolloutsPageTests : PortalComponentTest
{
    [Fact]
    public async Task TheRollouts_NewestFirst_EachLinkingToItsProgress_WithItsHostsCounted_FollowedLive()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("alice-laptop", miller.Id);
        await CreateHostAsync("bob-desktop", miller.Id);
        await CreateHostAsync("ada-laptop", okafor.Id);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var millers = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, miller.Id, null));
        var okafors = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, okafor.Id, null));

        var page = Render<RolloutsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#rollouts tbody tr").Count));
        Assert.Equal(
            [$"deployments?rollout={okafors.Id}", $"deployments?rollout={millers.Id}"],
            page.FindAll("#rollouts tbody tr .rollout-link").Select(a => a.GetAttribute("href")));
        var millersRow = page.FindAll("#rollouts tbody tr")[1];
        Assert.Contains("Rollout of their current revisions to the 2 hosts of family Miller requested.", millersRow.TextContent);
        Assert.Contains("Sam Support", millersRow.TextContent);
        Assert.Equal("0 of 2 hosts done, 0 running, 2 not started yet.", millersRow.QuerySelector(".rollout-summary")!.TextContent);
        Assert.Equal(
            [("2 pending", $"deployments?rollout={millers.Id}&status=pending")],
            millersRow.QuerySelectorAll(".rollout-counts a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))));

        // Cancelling tells the pages, as every step of a deployment does.
        await WithAsync<DeploymentCommands, DeploymentSummary>(d => d.CancelAsync(support, millers.Deployments[0].Id, null));

        page.WaitForAssertion(() => Assert.Equal(
            "1 of 2 hosts done, 0 running, 1 not started yet.",
            page.FindAll("#rollouts tbody tr")[1].QuerySelector(".rollout-summary")!.TextContent));
    }

    [Fact]
    public async Task AFamilyAdmin_SeesTheRolloutsThatReachedTheirHosts_CountingOnlyThose()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("alice-laptop", miller.Id);
        await CreateHostAsync("ada-laptop", okafor.Id);
        var support = await SignInAsync("Sam Support", Roles.Support);
        var both = await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, null, ["alice-laptop", "ada-laptop"]));
        await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, okafor.Id, null));
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var page = Render<RolloutsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#rollouts tbody tr")));
        Assert.Equal($"deployments?rollout={both.Id}", page.Find("#rollouts tbody tr .rollout-link").GetAttribute("href"));
        Assert.Equal("0 of 1 host done, 0 running, 1 not started yet.", page.Find("#rollouts tbody tr .rollout-summary").TextContent);
    }

    [Fact]
    public async Task NoRolloutYet_SaysSo()
    {
        await SignInAsync("Sam Support", Roles.Support);

        var page = Render<RolloutsPage>();

        page.WaitForAssertion(() => Assert.Contains("No rollouts yet.", page.Find("#rollouts").TextContent));
    }
}
