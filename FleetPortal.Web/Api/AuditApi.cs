using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>The audit log: who did what, to which host, when.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").WithSummary("Audit events you may see, newest first.");
        return api;
    }

    private static async Task<Ok<PagedList<AuditEntry>>> ListAsync(HttpContext http, AuditQueries queries, string? host, string? action, string? page, string? pageSize)
    {
        var query = new AuditQuery(host, action, ApiQuery.Int(page, "page") ?? 1, ApiQuery.Int(pageSize, "pageSize") ?? 50);
        return TypedResults.Ok(await queries.ListAsync(await http.ActorAsync(), query, http.RequestAborted));
    }
}
