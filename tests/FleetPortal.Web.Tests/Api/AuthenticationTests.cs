using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Paging;
using FleetPortal.Web.Services.Tokens;
using FleetPortal.Web.Startup;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Tests.Api;

public sealed class AuthenticationTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("fpt_not-a-real-token")]
    public async Task Api_WithoutAValidToken_Answers401AndWritesNothing(string? token)
    {
        var support = await portal.CreateSupportAsync();
        await portal.CreateHostAsync("alice-laptop");
        using var client = portal.CreateApiClient(token);

        var list = await client.GetAsync("/api/hosts");
        var propose = await client.PostJsonAsync("/api/hosts/alice-laptop/changes", new { add = new[] { "vlc" } });

        await list.ProblemAsync(HttpStatusCode.Unauthorized);
        await propose.ProblemAsync(HttpStatusCode.Unauthorized);
        await using var db = portal.CreateDbContext();
        Assert.Empty(await db.ChangeRequests.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(a => a.Action != AuditActions.AccessTokenCreated).ToListAsync());
    }

    [Fact]
    public async Task Api_WithARevokedToken_Answers401()
    {
        var support = await portal.CreateSupportAsync();
        var created = await portal.WithAsync<PersonalAccessTokens, CreatedAccessToken>(t => t.CreateAsync(support, "ci"));
        await portal.WithAsync<PersonalAccessTokens>(t => t.RevokeAsync(support, created.Summary.Id));
        using var client = portal.CreateApiClient(created.Token);

        var response = await client.GetAsync("/api/hosts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithAnExpiredToken_Answers401()
    {
        var time = portal.UseFakeTime();
        var support = await portal.CreateSupportAsync();
        var created = await portal.WithAsync<PersonalAccessTokens, CreatedAccessToken>(t => t.CreateAsync(support, "ci", time.GetUtcNow().AddDays(1)));
        using var client = portal.CreateApiClient(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/hosts")).StatusCode);

        time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/hosts")).StatusCode);
    }

    [Fact]
    public async Task Token_IsStoredHashedWithAShortPrefix_AndRecordsItsLastUse()
    {
        var time = portal.UseFakeTime();
        var support = await portal.CreateSupportAsync();
        var created = await portal.WithAsync<PersonalAccessTokens, CreatedAccessToken>(t => t.CreateAsync(support, "ci"));
        using var client = portal.CreateApiClient(created.Token);

        (await client.GetAsync("/api/hosts")).EnsureSuccessStatusCode();

        await using var db = portal.CreateDbContext();
        var stored = await db.PersonalAccessTokens.SingleAsync();
        Assert.NotEqual(created.Token, stored.TokenHash);
        Assert.Equal(FleetPortal.Web.Services.Security.SecretTokens.Hash(created.Token), stored.TokenHash);
        Assert.StartsWith(stored.Prefix, created.Token);
        Assert.True(stored.Prefix.Length < created.Token.Length / 2);
        Assert.Equal(time.GetUtcNow(), stored.LastUsedAt);
    }

    [Fact]
    public async Task BootstrapToken_OnAnEmptyPortal_CreatesASupportAdministratorThatCanUseTheApi()
    {
        const string token = "bootstrap-token-for-tests-0123456789";
        portal.With(FleetBootstrap.AdminApiTokenKey, token);
        using var client = portal.CreateApiClient(token);

        var created = await client.PostJsonAsync("/api/families", new { name = "Miller family" });
        var hosts = await client.GetAsync("/api/hosts");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await hosts.ReadAsync<PagedList<HostSummary>>();
        await using var db = portal.CreateDbContext();
        var admin = await db.Users.SingleAsync();
        Assert.Equal(FleetBootstrap.AdminEmail, admin.Email);
        var roles = await db.UserRoles.Where(r => r.UserId == admin.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        Assert.Equal([Roles.Support], roles);
        Assert.DoesNotContain(await db.PersonalAccessTokens.Select(t => t.TokenHash).ToListAsync(), hash => hash == token);
        var audit = await db.AuditEvents.SingleAsync(a => a.Action == AuditActions.AccessTokenCreated);
        Assert.DoesNotContain(token, audit.Details);
    }

    [Fact]
    public async Task BootstrapToken_WhenUsersExistAlready_IsNotApplied()
    {
        const string token = "bootstrap-token-for-tests-0123456789";
        await portal.CreateSupportAsync();
        using var restarted = portal.Restart();
        restarted.With(FleetBootstrap.AdminApiTokenKey, token);
        using var client = restarted.CreateApiClient(token);

        var response = await client.GetAsync("/api/hosts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = restarted.CreateDbContext();
        Assert.Single(await db.Users.ToListAsync());
    }

    [Fact]
    public async Task Roles_ExistAfterStartUp()
    {
        using var client = portal.CreateClient();
        await client.GetAsync("/openapi/v1.json");

        await using var db = portal.CreateDbContext();
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }
}
