using Bunit;
using FleetPortal.Web.Components.Pages.Changes;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Changes;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Components;

public sealed class ApprovalsPageTests : PortalComponentTest
{
    private Task<ChangeSummary> AskAtDeskAsync(Host host, string package, string reason) =>
        WithAsync<ChangeWorkflow, ChangeSummary>(w => w.RequestAtDeskAsync(Actor.AtDesk(host.Id, host.Name, "alice"), package, reason));

    private IRenderedComponent<ApprovalsPage> RenderInbox()
    {
        Render<MudBlazor.MudSnackbarProvider>();
        return Render<ApprovalsPage>();
    }

    [Fact]
    public async Task DeskRequest_IsShownInPlainWordsWithItsDiff()
    {
        var miller = await CreateFamilyAsync("Miller");
        var host = await CreateHostAsync("alice-laptop", miller.Id, "firefox");
        await AskAtDeskAsync(host, "vlc", "for school");
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var page = RenderInbox();

        page.WaitForAssertion(() => Assert.Equal("alice at alice-laptop asks for vlc: for school", page.Find(".change-sentence").TextContent));
        Assert.Contains("+ vlc", page.Find(".package-diff").TextContent);
        Assert.NotEmpty(page.FindAll(".approve"));
    }

    [Fact]
    public async Task Approve_WritesTheRevisionAndItsDeployment_AndLeavesTheInbox()
    {
        var miller = await CreateFamilyAsync("Miller");
        var host = await CreateHostAsync("alice-laptop", miller.Id);
        await AskAtDeskAsync(host, "vlc", "for school");
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);
        var page = RenderInbox();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".change-card")));

        page.Find(".approve").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#no-approvals")));
        await using var db = CreateDbContext();
        var deployment = await db.Deployments.SingleAsync();
        Assert.Equal((host.Id, 2), (deployment.HostId, deployment.RevisionNumber));
    }

    [Fact]
    public async Task Reject_WithoutAComment_AsksWhy()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        await AskAtDeskAsync(host, "vlc", "for school");
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderInbox();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".change-card")));

        page.Find(".reject").Click();

        page.WaitForAssertion(() => Assert.Contains("Say why you reject it", page.Markup));
        await using var db = CreateDbContext();
        Assert.Equal(ChangeStatus.Open, (await db.ChangeRequests.SingleAsync()).Status);
    }

    [Fact]
    public async Task OwnChange_InAFamilyThatNeedsASecondPerson_OffersNoApproveButSaysWhy()
    {
        var miller = await CreateFamilyAsync("Miller", requiresSecondApprover: true);
        await CreateHostAsync("alice-laptop", miller.Id);
        var mia = await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);
        await WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(mia, "alice-laptop", new ProposedChange(Add: ["gimp"], Reason: "photos")));

        var page = RenderInbox();

        page.WaitForAssertion(() => Assert.Contains("second person", page.Find(".why-not-decide").TextContent));
        Assert.Empty(page.FindAll(".approve"));
        Assert.NotEmpty(page.FindAll(".withdraw"));
    }

    [Fact]
    public async Task NewDeskRequest_AppearsWithoutReload()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderInbox();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#no-approvals")));

        await AskAtDeskAsync(host, "vlc", "for school");

        page.WaitForAssertion(() => Assert.Contains("asks for vlc", page.Find(".change-sentence").TextContent));
    }
}
