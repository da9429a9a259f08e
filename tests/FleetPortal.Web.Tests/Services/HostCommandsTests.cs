using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Services;

public class HostCommandsTests : IDisposable
{
    private readonly PortalFactory portal;

    public HostCommandsTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="HostCommandsTestsOnPostgres"/>).</summary>
    protected HostCommandsTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData("a")]
    [InlineData("alice-laptop")]
    [InlineData("x1-carbon-2")]
    public void HostNames_AcceptLowerCaseLabels(string name) => Assert.Null(HostNames.Check(name));

    [Theory]
    [InlineData("", "required")]
    [InlineData("-alice", "start or end")]
    [InlineData("alice-", "start or end")]
    [InlineData("Alice", "lower case")]
    [InlineData("alice laptop", "' '")]
    [InlineData("alice.example.org", "'.'")]
    [InlineData("älice", "'ä'")]
    public void HostNames_RefuseOthersSayingWhy(string name, string reason) => Assert.Contains(reason, HostNames.Check(name));

    [Fact]
    public void HostNames_RefuseMoreThan63Characters()
    {
        Assert.Null(HostNames.Check(new string('a', 63)));
        Assert.Contains("63", HostNames.Check(new string('a', 64)));
    }

    [Fact]
    public async Task AssignFamily_MovesTheHostAndRecordsIt_AndTheNewFamilysAdminSeesIt()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var acme = await portal.CreateFamilyAsync("Acme Design");
        var support = await portal.CreateSupportAsync();
        var acmeAdmin = await portal.CreateFamilyAdminAsync("Ada Acme", acme.Id);
        await portal.CreateHostAsync("alice-laptop", millers.Id);

        await portal.WithAsync<HostCommands>(c => c.AssignFamilyAsync(support, "alice-laptop", acme.Id));

        var seen = await portal.WithAsync<HostQueries, HostDetails>(q => q.GetAsync(acmeAdmin, "alice-laptop"));
        Assert.Equal("Acme Design", seen.FamilyName);
        await using var db = portal.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((AuditActions.HostFamilyChanged, "alice-laptop"), (audit.Action, audit.HostName));
        Assert.Contains("from Miller family to Acme Design", audit.Details);
    }

    [Fact]
    public async Task AssignFamily_ToAnUnknownFamily_IsRefusedAndChangesNothing()
    {
        var millers = await portal.CreateFamilyAsync("Miller family");
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop", millers.Id);

        var failure = await Assert.ThrowsAsync<InvalidInputFailure>(() => portal.WithAsync<HostCommands>(c => c.AssignFamilyAsync(support, "alice-laptop", 99)));

        Assert.Equal(["familyId"], failure.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Equal(millers.Id, (await db.Hosts.SingleAsync()).FamilyId);
    }
}
