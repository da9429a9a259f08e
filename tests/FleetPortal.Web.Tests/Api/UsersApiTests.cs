using System.Net;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Users;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FleetPortal.Web.Tests.Api;

/// <summary>Portal accounts made by script, and the health answer load balancers ask for.</summary>
public sealed class UsersApiTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task CreateUser_AsAFamilyAdminWithFamilies_CanSignInWithThePassword()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var created = await (await client.PostJsonAsync("/api/users", new
        {
            email = "mia@example.org", displayName = "Mia Miller", password = "Correct-Horse-42", role = Roles.FamilyAdmin, familyIds = new[] { family.Id },
        })).ReadAsync<PortalUserSummary>(HttpStatusCode.Created);
        var listed = await (await client.GetAsync("/api/users")).ReadAsync<List<PortalUserSummary>>();

        Assert.Equal(("mia@example.org", "Mia Miller", Roles.FamilyAdmin), (created.Email, created.DisplayName, created.Role));
        Assert.Equal([new FamilyName(family.Id, "Miller family")], created.Families);
        Assert.Contains(listed, u => u.Id == created.Id);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("mia@example.org"))!, "Correct-Horse-42"));
    }

    [Fact]
    public async Task CreateUser_WithBadFields_Answers400NamingEachAndWritesNothing()
    {
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateSupportAsync()));

        var wrongRole = await (await client.PostJsonAsync("/api/users", new { email = "no-at-sign", displayName = " ", password = "Correct-Horse-42", role = "Owner" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var unknownFamily = await (await client.PostJsonAsync("/api/users", new { email = "mia@example.org", displayName = "Mia", password = "Correct-Horse-42", role = Roles.FamilyAdmin, familyIds = new[] { 99 } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var weakPassword = await (await client.PostJsonAsync("/api/users", new { email = "mia@example.org", displayName = "Mia", password = "short", role = Roles.Support }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["displayName", "email", "role"], wrongRole.Errors.Keys.Order());
        Assert.Equal(["familyIds"], unknownFamily.Errors.Keys);
        Assert.Equal(["password"], weakPassword.Errors.Keys);
        await using var db = portal.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task CreateUser_ByAFamilyAdmin_Answers403AndWritesNothing()
    {
        var family = await portal.CreateFamilyAsync("Miller family");
        using var client = portal.CreateApiClient(await portal.CreateTokenAsync(await portal.CreateFamilyAdminAsync("Mia Miller", family.Id)));

        await (await client.PostJsonAsync("/api/users", new { email = "eve@example.org", displayName = "Eve", password = "Correct-Horse-42", role = Roles.Support }))
            .ProblemAsync(HttpStatusCode.Forbidden);

        await using var db = portal.CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Health_AnswersWithoutAToken()
    {
        using var client = portal.CreateApiClient(null);

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
