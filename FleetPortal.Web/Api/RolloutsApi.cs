using FleetPortal.Web.Services.Deployments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>Rollouts: deploy each host's current revision to a whole family or a list of hosts in one call.</summary>
internal static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/rollouts", RollOutAsync).WithTags("Deployments").Accepts<RolloutRequest>("application/json")
            .WithSummary("Deploys each host's current revision to every host of a family, or to the hosts named, in one transaction.");
        return api;
    }

    private static async Task<Ok<RolloutSummary>> RollOutAsync(HttpContext http, RolloutCommands commands)
    {
        var request = await ApiBody.ReadAsync<RolloutRequest>(http);
        return TypedResults.Ok(await commands.RollOutAsync(await http.ActorAsync(), request.FamilyId, request.Hosts, http.RequestAborted));
    }
}
