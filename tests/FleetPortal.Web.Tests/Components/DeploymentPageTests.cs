using Bunit;
using FleetPortal.Web.Components.Pages.Deployments;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Components;

public sealed class DeploymentPageTests : PortalComponentTest
{
    private async Task<Deployment> CreateDeploymentAsync(int hostId, DeploymentStatus status)
    {
        await using var db = CreateDbContext();
        var deployment = new Deployment
        {
            Id = Guid.NewGuid(),
            HostId = hostId,
            RevisionNumber = 1,
            Status = status,
            RequestedBy = "Sam Support",
            CreatedAt = Time.GetUtcNow(),
            Deadline = Time.GetUtcNow().AddDays(3),
        };
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync();
        return deployment;
    }

    private async Task AppendLogAsync(Guid deploymentId, int sequence, string text)
    {
        await using var db = CreateDbContext();
        db.DeploymentLogLines.Add(new DeploymentLogLine { DeploymentId = deploymentId, Sequence = sequence, Text = text, At = Time.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task LogLines_StreamInWhileTheRebuildRuns()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Running);
        await AppendLogAsync(deployment.Id, 0, "building the system configuration...");
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));
        page.WaitForAssertion(() => Assert.Contains("building the system configuration", page.Find("#deployment-log").TextContent));

        await AppendLogAsync(deployment.Id, 1, "activating the configuration...");
        await Notifier.PublishAsync(new FleetChange(FleetChangeKind.DeploymentLog, host.Id, deployment.Id));

        page.WaitForAssertion(() => Assert.Contains("activating the configuration...", page.Find("#deployment-log").TextContent));
        Assert.Contains("running", page.Find("#deployment-status").TextContent);
        JSInterop.VerifyInvoke("fleetPortal.scrollToEnd", calledTimes: 2);
    }

    [Fact]
    public async Task LinesThatNeverReachedThePortal_AreMarkedWhereTheyAreMissing_OnThePageAndInTheCopy()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Succeeded);
        await AppendLogAsync(deployment.Id, 0, "building Nix...");
        await AppendLogAsync(deployment.Id, 4, "activating the configuration...");
        await AppendLogAsync(deployment.Id, 5, "Done.");
        await SignInAsync("Sam Support", Roles.Support);

        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));

        const string Log = "building Nix...\n[3 lines of output did not reach the portal]\nactivating the configuration...\nDone.\n";
        page.WaitForAssertion(() => Assert.Equal(Log, page.Find("#deployment-log").TextContent));
        Assert.Equal("[3 lines of output did not reach the portal]", page.Find("#deployment-log .fp-log-gap").TextContent);
        await page.InvokeAsync(() => page.Find("#copy-log").Click());
        Assert.Equal(Log, JSInterop.VerifyInvoke("fleetPortal.copyText").Arguments[0]);
    }

    [Fact]
    public async Task ADeploymentOfARollout_SaysWhichRolloutItIsPartOf_AndLinksToItsProgress()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Pending);
        var rollout = new AuditEvent { At = Time.GetUtcNow(), Actor = "Sam Support", Action = AuditActions.RolloutCreated, Details = "Rollout of their current revisions to 2 hosts (alice-laptop, bob-desktop) requested." };
        await using (var db = CreateDbContext())
        {
            db.AuditEvents.Add(rollout);
            await db.SaveChangesAsync();
            await db.Deployments.Where(d => d.Id == deployment.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.RolloutEventId, rollout.Id));
        }

        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-grid-item"),
            fact => fact.TextContent.Contains("Part of") && fact.TextContent.Contains("Rollout of their current revisions to 2 hosts (alice-laptop, bob-desktop) requested.")));
        Assert.Equal($"deployments?rollout={rollout.Id}", page.Find("a.fact-link").GetAttribute("href"));
    }

    [Fact]
    public async Task Cancel_ADeploymentThatHasNotStarted_CancelsItWithTheReason_AndTheButtonGoes()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Delivered);
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));

        page.WaitForElement("input#cancel-reason").Change("wrong machine");
        page.Find("#cancel-button").Click();

        page.WaitForAssertion(() => Assert.Contains("cancelled", page.Find("#deployment-status").TextContent));
        Assert.Contains("Cancelled by Sam Support: wrong machine", page.Find("#deployment-error").TextContent);
        Assert.Empty(page.FindAll("#cancel-button"));
        await using var db = CreateDbContext();
        Assert.Equal(DeploymentStatus.Cancelled, (await db.Deployments.SingleAsync()).Status);
    }

    [Fact]
    public async Task Cancel_IsNotOffered_OnceTheRebuildStarted()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Running);
        await SignInAsync("Sam Support", Roles.Support);

        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));

        page.WaitForElement("#deployment-log");
        Assert.Empty(page.FindAll("#cancel-button"));
    }

    [Fact]
    public async Task Download_HandsTheWholeLogToTheBrowser()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Failed);
        await AppendLogAsync(deployment.Id, 0, "error: undefined variable 'vlcc'");
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));
        page.WaitForAssertion(() => Assert.Contains("vlcc", page.Find("#deployment-log").TextContent));

        page.Find("#download-log").Click();

        var call = JSInterop.VerifyInvoke("fleetPortal.downloadText");
        Assert.Equal($"alice-laptop-{deployment.Id}.log", call.Arguments[0]);
        Assert.Equal("error: undefined variable 'vlcc'\n", call.Arguments[1]);
    }

    [Fact]
    public async Task APassedDeadline_IsShownAsSoonAsThePortalRecordsIt()
    {
        var host = await CreateHostAsync("alice-laptop", null);
        var deployment = await CreateDeploymentAsync(host.Id, DeploymentStatus.Deferred);
        await SignInAsync("Sam Support", Roles.Support);
        var page = Render<DeploymentPage>(parameters => parameters.Add(p => p.Id, deployment.Id));
        page.WaitForAssertion(() => Assert.Contains("Installs without asking after", page.Markup));
        Assert.DoesNotContain("(passed", page.Markup);

        Time.Advance(TimeSpan.FromDays(3));
        var databases = Services.GetRequiredService<IDbContextFactory<FleetDbContext>>();
        var deadlines = new DeploymentDeadlines(databases, Notifier, Time);
        await deadlines.RunAsync(new LeaseHold(new JobLeases(databases, Time), deadlines.Name, "this test", TimeSpan.FromMinutes(2)), CancellationToken.None);

        page.WaitForAssertion(() => Assert.Contains("(passed: installs without asking)", page.Markup));
    }
}
