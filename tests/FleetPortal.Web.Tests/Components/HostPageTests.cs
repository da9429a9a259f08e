using Bunit;
using FleetPortal.Web.Components.Pages.Hosts;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Components;

public sealed class HostPageTests : PortalComponentTest
{
    private IRenderedComponent<HostPage> RenderHost(string name)
    {
        Render<MudBlazor.MudPopoverProvider>();
        var page = Render<HostPage>(parameters => parameters.Add(p => p.HostName, name));
        page.WaitForAssertion(() => Assert.Equal(name, page.Find("#host-name").TextContent));
        return page;
    }

    private static void AddPackage(IRenderedComponent<HostPage> page, string name)
    {
        page.Find("#package-input").Input(name);
        page.Find("#add-package").Click();
    }

    [Fact]
    public async Task Render_ShowsTheHostsStateAndPackages()
    {
        await CreateHostAsync("alice-laptop", null, "firefox", "vlc");
        await SignInAsync("Sam Support", Roles.Support);

        var page = RenderHost("alice-laptop");

        Assert.Equal(["firefox", "vlc"], page.FindAll(".package-chip").Select(c => c.TextContent.Trim()));
        Assert.Contains("never", page.Find("#host-state").TextContent);
        Assert.NotEmpty(page.FindAll(".redeploy"));
    }

    [Fact]
    public async Task AddPackage_WithAnInvalidName_SaysWhyInPlace()
    {
        await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        AddPackage(page, "1password");

        page.WaitForAssertion(() => Assert.Contains("cannot start with a digit", page.Markup));
        Assert.Empty(page.FindAll("#proposal"));
    }

    [Fact]
    public async Task Propose_ShowsTheDiffAndCreatesAChangeWithTheReason()
    {
        await CreateHostAsync("alice-laptop", null, "firefox");
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        AddPackage(page, "vlc");
        page.WaitForAssertion(() => Assert.Contains("+ vlc", page.Find("#proposal .package-diff").TextContent));
        page.Find("#change-reason").Change("for school");
        page.Find("#propose-change").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#proposal")));
        await using var db = CreateDbContext();
        var change = await db.ChangeRequests.Include(c => c.Operations).SingleAsync();
        Assert.Equal(("for school", "vlc"), (change.Reason, change.Operations.Single().Package));
    }

    [Fact]
    public async Task AddFile_WithAPathOutsideTheConfiguration_SaysWhyInPlace()
    {
        await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        page.Find("#new-file-path").Change("/etc/passwd");
        page.Find("#add-file").Click();

        page.WaitForAssertion(() => Assert.Contains("must be relative to the configuration folder", page.Markup));
        Assert.Empty(page.FindAll("#proposal"));
    }

    [Fact]
    public async Task AddFile_ThatExists_SaysToEditIt()
    {
        await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        page.Find("#new-file-path").Change("configuration.nix");
        page.Find("#add-file").Click();

        page.WaitForAssertion(() => Assert.Contains("configuration.nix already exists", page.Markup));
        Assert.Empty(page.FindAll("#proposal"));
    }

    [Fact]
    public async Task AddFile_ProposesTheNewFileWithItsText()
    {
        await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        page.Find("#new-file-path").Change("modules/printing.nix");
        page.Find("#add-file").Click();
        page.WaitForAssertion(() => Assert.Contains("A new file", page.Markup));
        page.Find("#file-editor").Input("{ ... }:\n{\n  services.printing.enable = true;\n}\n");
        page.WaitForAssertion(() => Assert.Contains("services.printing.enable", page.Find("#proposal").TextContent));
        page.Find("#change-reason").Change("the new printer");
        page.Find("#propose-change").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#proposal")));
        await using var db = CreateDbContext();
        var change = await db.ChangeRequests.Include(c => c.Operations).SingleAsync();
        var operation = Assert.Single(change.Operations);
        Assert.Equal(("the new printer", "modules/printing.nix", null), (change.Reason, operation.FilePath, operation.BaseContentHash));
        Assert.Equal("{ ... }:\n{\n  services.printing.enable = true;\n}\n", operation.NewContent);
    }

    [Fact]
    public async Task HostChangedMeanwhile_IsShownAsSuch_AndTheDraftIsLaidOntoTheNewStateWithoutLosingIt()
    {
        var host = await CreateHostAsync("alice-laptop", null, "firefox");
        var sam = await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");
        AddPackage(page, "vlc");
        page.Find("#change-reason").Change("for school");

        // Someone else's change to the same host is approved while this page is open.
        var other = await WithAsync<ChangeWorkflow, ChangeDetails>(w => w.ProposeAsync(sam, "alice-laptop", new ProposedChange(Add: ["gimp"])));
        await WithAsync<ChangeWorkflow, ApprovalResult>(w => w.ApproveAsync(sam, other.Change.Id));

        page.WaitForAssertion(() => Assert.Contains("changed since you opened it", page.Find("#host-changed").TextContent));
        page.Find("#propose-change").Click();
        Assert.Contains("changed since you opened it", page.Find("#proposal-conflict").TextContent);
        page.Find("#rebase-draft").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#host-changed")));
        Assert.Contains("against revision 2", page.Find("#proposal").TextContent);
        Assert.Contains("+ vlc", page.Find("#proposal .package-diff").TextContent);
        Assert.Equal("for school", page.Find("#change-reason").GetAttribute("value"));
        Assert.Contains("gimp", page.FindAll(".package-chip").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task HostOfAnotherFamily_DoesNotExistForAFamilyAdmin()
    {
        var miller = await CreateFamilyAsync("Miller");
        var okafor = await CreateFamilyAsync("Okafor");
        await CreateHostAsync("okafor-laptop", okafor.Id);
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var navigation = Services.GetRequiredService<NavigationManager>();
        var notFound = false;
        navigation.OnNotFound += (_, _) => notFound = true;

        var page = Render<HostPage>(parameters => parameters.Add(p => p.HostName, "okafor-laptop"));

        page.WaitForAssertion(() => Assert.True(notFound));
        Assert.Empty(page.FindAll("#host-name"));
    }

    [Fact]
    public async Task AgentReport_UpdatesTheStateWithoutReload()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        await using (var db = CreateDbContext())
        {
            await db.Hosts.Where(h => h.Id == host.Id).ExecuteUpdateAsync(u => u
                .SetProperty(h => h.State.IsOnline, true)
                .SetProperty(h => h.State.NixosVersion, "24.11.710315.b681065d0919"));
        }

        await Notifier.PublishAsync(new FleetChange(FleetChangeKind.HostChanged, host.Id));

        page.WaitForAssertion(() => Assert.Contains("24.11.710315", page.Find("#host-state").TextContent));
        Assert.Contains("online", page.Find(".online-state").TextContent);
    }

    [Fact]
    public async Task FamilyAdmin_SeesTheFamilyButCannotMoveTheHost()
    {
        var miller = await CreateFamilyAsync("Miller");
        await CreateHostAsync("alice-laptop", miller.Id);
        await SignInAsync("Mia Miller", Roles.FamilyAdmin, miller.Id);

        var page = RenderHost("alice-laptop");

        Assert.Empty(page.FindAll("#host-family"));
        Assert.Contains("Miller", page.Markup);
        Assert.NotEmpty(page.FindAll("#add-package"));
    }

    [Fact]
    public async Task Support_MovesTheHostIntoAFamily()
    {
        var miller = await CreateFamilyAsync("Miller");
        var host = await CreateHostAsync("alice-laptop", null);
        await SignInAsync("Sam Support", Roles.Support);
        var page = RenderHost("alice-laptop");

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<int?>>().Instance.ValueChanged.InvokeAsync(miller.Id));

        await using var db = CreateDbContext();
        Assert.Equal(miller.Id, (await db.Hosts.SingleAsync(h => h.Id == host.Id)).FamilyId);
    }
}
