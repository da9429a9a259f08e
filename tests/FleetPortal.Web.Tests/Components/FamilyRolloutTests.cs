using Bunit;
using FleetPortal.Web.Components.Pages.Deployments;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Components;

/// <summary>The deployments page rolls a whole family out, or cancels what of it has not started, once asked to confirm.</summary>
public sealed class FamilyRolloutTests : PortalComponentTest
{
    private Family miller = null!;
    private Family okafor = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        miller = await CreateFamilyAsync("Miller");
        okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("alice-laptop", miller.Id);
        await CreateHostAsync("bob-desktop", miller.Id);
        await CreateHostAsync("ada-laptop", okafor.Id);
    }

    private async Task<IRenderedComponent<DeploymentsPage>> RenderWithFamilyAsync(Family family)
    {
        var page = Render<DeploymentsPage>();
        page.WaitForElement("#rollout-family");
        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<int?>>().Instance.ValueChanged.InvokeAsync(family.Id));
        return page;
    }

    private async Task<List<(string Host, DeploymentStatus Status, string? Error)>> DeploymentsAsync()
    {
        await using var db = CreateDbContext();
        return (await db.Deployments.Join(db.Hosts, d => d.HostId, h => h.Id, (d, h) => new { h.Name, d.Status, d.Error }).ToListAsync())
            .Select(d => (d.Name, d.Status, d.Error)).OrderBy(d => d.Name).ToList();
    }

    [Fact]
    public async Task RollOut_AsksFirst_ThenDeploysToEveryHostOfTheFamily_AndTheListShowsThem()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = await RenderWithFamilyAsync(miller);

        page.Find("#rollout-button").Click();

        Assert.Contains("each of the 2 hosts of Miller", page.Find("#family-confirm").TextContent);
        Assert.Empty(await DeploymentsAsync());

        page.Find("#family-confirm-button").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#family-confirm")));
        Assert.Equal(
            [("alice-laptop", DeploymentStatus.Pending, null), ("bob-desktop", DeploymentStatus.Pending, null)],
            await DeploymentsAsync());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#deployments tbody tr").Count));

        // The page then follows the rollout: its progress, and only its deployments.
        await using var db = CreateDbContext();
        var rollout = await db.AuditEvents.SingleAsync(e => e.Action == AuditActions.RolloutCreated);
        Assert.EndsWith($"/deployments?rollout={rollout.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepingThingsAsTheyAre_WritesNothing()
    {
        await SignInAsync("Sam Support", Roles.Support);
        var page = await RenderWithFamilyAsync(miller);

        page.Find("#rollout-button").Click();
        page.Find("#family-keep-button").Click();

        Assert.Empty(page.FindAll("#family-confirm"));
        Assert.Empty(await DeploymentsAsync());
    }

    [Fact]
    public async Task CancelNotStarted_CancelsOnlyThatFamilysWaitingDeployments_WithTheReasonGiven()
    {
        var support = await SignInAsync("Sam Support", Roles.Support);
        await WithAsync<RolloutCommands, RolloutSummary>(r => r.RollOutAsync(support, null, ["alice-laptop", "ada-laptop"]));
        var page = await RenderWithFamilyAsync(miller);

        page.Find("#cancel-not-started-button").Click();
        page.Find("#family-cancel-reason").Change("wrong revision");
        page.Find("#family-confirm-button").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#family-confirm")));
        Assert.Equal(
            [("ada-laptop", DeploymentStatus.Pending, null), ("alice-laptop", DeploymentStatus.Cancelled, "Cancelled by Sam Support: wrong revision")],
            await DeploymentsAsync());
    }

    [Fact]
    public async Task AFamilyAdmin_ChoosesOnlyAmongTheirOwnFamilies()
    {
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);
        var page = Render<DeploymentsPage>();
        page.WaitForElement("#rollout-family");

        var choices = page.FindComponents<MudBlazor.MudSelectItem<int?>>().Select(i => i.Instance.Value).ToList();

        Assert.Equal([miller.Id], choices);
    }

    [Fact]
    public async Task ARolloutThatCannotBeDone_SaysWhy_AndWritesNothing()
    {
        await using (var db = CreateDbContext())
        {
            db.Hosts.Add(new Host { Name = "carol-new", FamilyId = miller.Id, CreatedAt = Time.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await SignInAsync("Sam Support", Roles.Support);
        var page = await RenderWithFamilyAsync(miller);

        page.Find("#rollout-button").Click();
        page.Find("#family-confirm-button").Click();

        page.WaitForAssertion(() => Assert.Contains("carol-new has no configuration yet", page.Find("#family-error").TextContent));
        Assert.Empty(await DeploymentsAsync());
    }
}
