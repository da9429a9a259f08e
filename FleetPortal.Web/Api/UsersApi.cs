using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Api;

/// <summary>Portal accounts, for support staff who set up a portal by script (there is no sign-up).</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", ListAsync).WithSummary("Every portal account with its role and families (support staff).");
        users.MapPost("/", CreateAsync).Accepts<CreateUserRequest>("application/json")
            .WithSummary("Makes a portal account with a first password, a role and, for a family admin, families (support staff).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PortalUserSummary>>> ListAsync(HttpContext http, UserAdministration administration) =>
        TypedResults.Ok(await administration.ListAsync(await RequireSupportAsync(http), http.RequestAborted));

    private static async Task<Created<PortalUserSummary>> CreateAsync(
        HttpContext http, UserAccounts accounts, UserAdministration administration, IDbContextFactory<FleetDbContext> dbFactory)
    {
        var actor = await RequireSupportAsync(http);
        var request = await ApiBody.ReadAsync<CreateUserRequest>(http);
        var familyIds = (request.FamilyIds ?? []).Distinct().ToList();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || !request.Email.Contains('@'))
        {
            errors["email"] = ["The email address needs an @, such as alice@example.org."];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["The name is empty: it is shown beside every change this person makes."];
        }

        if (!Roles.All.Contains(request.Role))
        {
            errors["role"] = [$"The role is {string.Join(" or ", Roles.All)}."];
        }
        else if (request.Role != Roles.FamilyAdmin && familyIds.Count > 0)
        {
            errors["familyIds"] = ["Only a family admin has families; support staff see the whole fleet."];
        }

        if (familyIds.Count > 0 && !errors.ContainsKey("familyIds"))
        {
            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            var known = await db.Families.Where(f => familyIds.Contains(f.Id)).Select(f => f.Id).ToListAsync(http.RequestAborted);
            if (familyIds.Except(known).ToList() is { Count: > 0 } unknown)
            {
                errors["familyIds"] = [$"There is no family {string.Join(", ", unknown)}."];
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputFailure(errors);
        }

        var id = await accounts.CreateAsync(
            actor,
            new NewPortalUser(request.Email.Trim(), request.DisplayName.Trim(), request.Password ?? "", [request.Role], familyIds),
            http.RequestAborted);
        var created = (await administration.ListAsync(actor, http.RequestAborted)).Single(u => u.Id == id);
        return TypedResults.Created($"/api/users/{id}", created);
    }

    private static async Task<Actor> RequireSupportAsync(HttpContext http)
    {
        var actor = await http.ActorAsync();
        return FleetAccess.CanManageFleet(actor) ? actor : throw new AccessDeniedFailure("Only support staff manage portal accounts.");
    }
}
