using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>
/// Rollouts: deploy each host's current revision to a whole family or a list of hosts in one call,
/// then follow how far it has come.
/// </summary>
internal static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/rollouts", RollOutAsync).WithTags("Deployments").Accepts<RolloutRequest>("application/json")
            .WithSummary("Deploys each host's current revision to every host of a family, or to the hosts named, in one transaction.");
        api.MapGet("/rollouts", ListAsync).WithTags("Deployments")
            .WithSummary("The rollouts, newest first, a page at a time, each with its deployments counted by status.");
        api.MapGet("/rollouts/{id:long}", ProgressAsync).WithTags("Deployments")
            .WithSummary("How far a rollout has come: its deployments counted by status, and whether it has finished.");
        api.MapGet("/rollouts/{id:long}/deployments", DeploymentsAsync).WithTags("Deployments")
            .WithSummary("A rollout's deployments, newest first, a page at a time, of one status when given (such as failed).");
        return api;
    }

    private static async Task<Ok<RolloutSummary>> RollOutAsync(HttpContext http, RolloutCommands commands)
    {
        var request = await ApiBody.ReadAsync<RolloutRequest>(http);
        return TypedResults.Ok(await commands.RollOutAsync(await http.ActorAsync(), request.FamilyId, request.Hosts, http.RequestAborted));
    }

    private static async Task<Ok<PagedList<RolloutProgress>>> ListAsync(HttpContext http, RolloutQueries queries, string? page, string? pageSize) =>
        TypedResults.Ok(await queries.ListAsync(await http.ActorAsync(), ApiQuery.Int(page, "page") ?? 1, ApiQuery.Int(pageSize, "pageSize") ?? 50, http.RequestAborted));

    private static async Task<Ok<RolloutProgress>> ProgressAsync(HttpContext http, RolloutQueries queries, long id) =>
        TypedResults.Ok(await queries.ProgressAsync(await http.ActorAsync(), id, http.RequestAborted));

    private static async Task<Ok<PagedList<DeploymentSummary>>> DeploymentsAsync(
        HttpContext http, RolloutQueries rollouts, DeploymentSearch search, long id, string? status, string? page, string? pageSize)
    {
        var filter = new DeploymentFilter(ApiQuery.Enum<DeploymentStatus>(status, "status"), Rollout: id);
        var actor = await http.ActorAsync();

        // Refused as the rollout itself is: one the actor may not see is not there, rather than empty.
        await rollouts.EnsureVisibleAsync(actor, id, http.RequestAborted);
        return TypedResults.Ok(await search.ListAsync(actor, filter, ApiQuery.Int(page, "page") ?? 1, ApiQuery.Int(pageSize, "pageSize") ?? 50, http.RequestAborted));
    }
}
