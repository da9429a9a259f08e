using FleetPortal.Web.Services.Deployments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>Deployments: read one with its log, cancel one or many that have not started, redeploy a revision, roll a host back.</summary>
internal static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/deployments/{id:guid}", GetAsync).WithTags("Deployments").WithSummary("A deployment with its status and log.");
        api.MapPost("/deployments/{id:guid}/cancel", CancelAsync).WithTags("Deployments").Accepts<CancelDeploymentRequest>("application/json")
            .WithSummary("Cancels a deployment that has not started; its agent drops it. 409 once the rebuild started or the deployment ended.");
        api.MapPost("/deployments/cancel", CancelNotStartedAsync).WithTags("Deployments").Accepts<CancelDeploymentsRequest>("application/json")
            .WithSummary("Cancels every deployment that has not started on a family's hosts, or on the hosts named, in one transaction; what has started runs on.");
        api.MapPost("/hosts/{name}/redeploy", RedeployAsync).WithTags("Deployments").Accepts<RedeployRequest>("application/json")
            .WithSummary("Deploys a revision again; an older revision is restored as the host's next revision first.");
        api.MapPost("/hosts/{name}/rollback", RollbackAsync).WithTags("Deployments").Accepts<RollbackRequest>("application/json")
            .WithSummary("Switches the machine back to an earlier system generation.");
        return api;
    }

    private static async Task<Ok<DeploymentDetails>> GetAsync(HttpContext http, DeploymentQueries queries, Guid id) =>
        TypedResults.Ok(await queries.GetAsync(await http.ActorAsync(), id, http.RequestAborted));

    private static async Task<Ok<DeploymentSummary>> CancelAsync(HttpContext http, DeploymentCommands commands, Guid id)
    {
        var request = await ApiBody.ReadOptionalAsync<CancelDeploymentRequest>(http);
        return TypedResults.Ok(await commands.CancelAsync(await http.ActorAsync(), id, request?.Reason, http.RequestAborted));
    }

    private static async Task<Ok<CancelledDeployments>> CancelNotStartedAsync(HttpContext http, CancelCommands commands)
    {
        var request = await ApiBody.ReadAsync<CancelDeploymentsRequest>(http);
        return TypedResults.Ok(await commands.CancelNotStartedAsync(await http.ActorAsync(), request.FamilyId, request.Hosts, request.Reason, http.RequestAborted));
    }

    private static async Task<Created<DeploymentSummary>> RedeployAsync(HttpContext http, DeploymentCommands commands, string name)
    {
        var request = await ApiBody.ReadAsync<RedeployRequest>(http);
        var deployment = await commands.RedeployAsync(await http.ActorAsync(), name, request.Revision, http.RequestAborted);
        return TypedResults.Created($"/api/deployments/{deployment.Id}", deployment);
    }

    private static async Task<Created<DeploymentSummary>> RollbackAsync(HttpContext http, DeploymentCommands commands, string name)
    {
        var request = await ApiBody.ReadAsync<RollbackRequest>(http);
        var deployment = await commands.RollbackAsync(await http.ActorAsync(), name, request.Generation, http.RequestAborted);
        return TypedResults.Created($"/api/deployments/{deployment.Id}", deployment);
    }
}
