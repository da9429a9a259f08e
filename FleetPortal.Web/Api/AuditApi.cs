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

    private static async Task<Ok<PagedList<AuditEntry>>> ListAsync(HttpContext http, AuditQueries queries, string? host, string? action, int? page, int? pageSize) =>
        TypedResults.Ok(await queries.ListAsync(await http.ActorAsync(), new AuditQuery(host, action, page ?? 1, pageSize ?? 50), http.RequestAborted));
}
