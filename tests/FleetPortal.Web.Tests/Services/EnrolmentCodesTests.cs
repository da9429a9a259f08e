using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Security;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Services;

public class EnrolmentCodesTests : IDisposable
{
    private readonly PortalFactory portal;

    public EnrolmentCodesTests()
        : this(new PortalFactory())
    {
    }

    /// <summary>The same tests on another portal (<see cref="EnrolmentCodesTestsOnPostgres"/>).</summary>
    protected EnrolmentCodesTests(PortalFactory portal) => this.portal = portal;

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Create_ReturnsThePlainCodeOnce_StoresItsNormalisedHash_AndExpiresInADay()
    {
        var time = portal.UseFakeTime();
        var family = await portal.CreateFamilyAsync("Miller family");
        var support = await portal.CreateSupportAsync();

        var created = await portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("new-laptop", family.Id, support));

        await using var db = portal.CreateDbContext();
        var stored = await db.EnrolmentCodes.SingleAsync();
        Assert.Equal(SecretTokens.Hash(SecretTokens.NormaliseCode(created.Code)), stored.CodeHash);
        Assert.DoesNotContain(created.Code, stored.CodeHash);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(24), stored.ExpiresAt);
        Assert.Equal(("new-laptop", (int?)family.Id, "Sam Support"), (stored.HostName, stored.FamilyId, stored.CreatedBy));
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal(AuditActions.EnrolmentCodeCreated, audit.Action);
        Assert.DoesNotContain(created.Code, audit.Details);
    }

    [Fact]
    public async Task Create_UsesTheConfiguredLifetime()
    {
        var time = portal.UseFakeTime();
        portal.With("FleetPortal:Enrolment:CodeLifetime", "02:00:00");
        var support = await portal.CreateSupportAsync();

        var created = await portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("new-laptop", null, support));

        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(2), created.ExpiresAt);
    }

    [Fact]
    public async Task Create_WithABadHostnameOrUnknownFamily_IsRefusedNamingTheField()
    {
        var support = await portal.CreateSupportAsync();

        var name = await Assert.ThrowsAsync<InvalidInputFailure>(() => portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("New_Laptop", null, support)));
        var family = await Assert.ThrowsAsync<InvalidInputFailure>(() => portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("new-laptop", 42, support)));

        Assert.Equal(["hostName"], name.Errors.Keys);
        Assert.Equal(["familyId"], family.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.EnrolmentCodes.ToListAsync());
    }

    [Fact]
    public async Task Create_ByAFamilyAdmin_IsRefused()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        var admin = await portal.CreateFamilyAdminAsync("Mia Miller", family.Id);

        await Assert.ThrowsAsync<AccessDeniedFailure>(() => portal.WithAsync<EnrolmentCodes, CreatedEnrolmentCode>(c => c.CreateAsync("new-laptop", family.Id, admin)));
    }
}
