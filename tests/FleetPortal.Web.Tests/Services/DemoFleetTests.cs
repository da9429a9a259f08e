using System.Text.RegularExpressions;
using FleetPortal.Web.Data;
using FleetPortal.Web.Startup;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Services;

public sealed partial class DemoFleetTests
{
    [Fact]
    public async Task Seed_OnFirstStart_CreatesTheDemoFleetAndPrintsWorkingPasswordsOnlyToTheConsole()
    {
        var logs = new CapturingLoggerProvider();
        var console = new StringWriter();
        using var portal = new PortalFactory().With(FleetBootstrap.DemoSeedKey, "true")
            .WithServices(services => services.AddSingleton(new OperatorConsole(console)));
        portal.WithLogger(logs);
        await using (var db = portal.CreateDbContext())
        {
            Assert.Equal(["Acme Design", "Miller family"], await db.Families.OrderBy(f => f.Name).Select(f => f.Name).ToListAsync());
            Assert.True((await db.Families.SingleAsync(f => f.Name == "Acme Design")).RequiresSecondApprover);
            Assert.InRange(await db.Hosts.CountAsync(), 4, 10);
            Assert.All(await db.Revisions.Include(r => r.Files).Where(r => r.Number == 1).ToListAsync(), r =>
                Assert.Equal(["configuration.nix", "hardware-configuration.nix"], r.Files.Select(f => f.Path).Order()));
            var open = await db.ChangeRequests.Where(c => c.Status == ChangeStatus.Open).Select(c => c.Kind).ToListAsync();
            Assert.Equal([ChangeKind.StaffEdit, ChangeKind.DeskRequest], open.Order());
            var finished = await db.Deployments.Select(d => d.Status).ToListAsync();
            Assert.Contains(DeploymentStatus.Succeeded, finished);
            Assert.Contains(DeploymentStatus.Failed, finished);
            Assert.NotEmpty(await db.DeploymentLogLines.ToListAsync());
            Assert.Equal(Catalog.SampleCatalog.PackageCount, await db.CatalogPackages.CountAsync());
        }

        var printed = console.ToString();
        var passwords = PasswordLine().Matches(printed).ToDictionary(m => m.Groups["email"].Value, m => m.Groups["password"].Value);
        Assert.Equal([DemoFleet.FamilyAdminEmail, DemoFleet.SupportEmail], passwords.Keys.Order());
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var (email, password) in passwords)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.True(await users.CheckPasswordAsync(user!, password), $"The printed password of {email} does not sign in.");
            Assert.DoesNotContain(logs.Messages, message => message.Contains(password));
        }

        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync(DemoFleet.SupportEmail))!, Roles.Support));
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync(DemoFleet.FamilyAdminEmail))!, Roles.FamilyAdmin));
    }

    [Fact]
    public async Task Seed_OnTheNextStart_ChangesNothing()
    {
        var first = new PortalFactory().With(FleetBootstrap.DemoSeedKey, "true");
        int hosts, changes, users;
        await using (var db = first.CreateDbContext())
        {
            (hosts, changes, users) = (await db.Hosts.CountAsync(), await db.ChangeRequests.CountAsync(), await db.Users.CountAsync());
        }

        using var second = first.Restart().With(FleetBootstrap.DemoSeedKey, "true");
        await using var check = second.CreateDbContext();

        Assert.Equal((hosts, changes, users), (await check.Hosts.CountAsync(), await check.ChangeRequests.CountAsync(), await check.Users.CountAsync()));
    }

    [Fact]
    public async Task BootstrapToken_NeverReachesTheLog()
    {
        const string token = "bootstrap-token-that-must-stay-secret";
        var logs = new CapturingLoggerProvider();
        using var portal = new PortalFactory().With(FleetBootstrap.AdminApiTokenKey, token);
        portal.WithLogger(logs);
        using var client = portal.CreateApiClient(token);

        (await client.GetAsync("/api/hosts")).EnsureSuccessStatusCode();

        Assert.Contains(logs.Messages, message => message.Contains(FleetBootstrap.AdminEmail));
        Assert.DoesNotContain(logs.Messages, message => message.Contains(token));
    }

    [GeneratedRegex(@"(?<email>\S+@fleetportal\.local)\s+password (?<password>\S+)")]
    private static partial Regex PasswordLine();
}
