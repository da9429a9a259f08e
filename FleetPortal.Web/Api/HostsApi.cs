using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Diffs;
using FleetPortal.Web.Services.Families;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>The fleet's hosts: list, create, read, their revisions, and moving them between families.</summary>
internal static class HostsApi
{
    public static RouteGroupBuilder MapHostsApi(this RouteGroupBuilder api)
    {
        var hosts = api.MapGroup("/hosts").WithTags("Hosts");
        hosts.MapGet("/", ListAsync).WithSummary("Lists hosts, a page at a time; search matches a hostname, a family or a package.");
        hosts.MapPost("/", CreateAsync).Accepts<CreateHostRequest>("application/json").WithSummary("Adds a host to the fleet (support staff).");
        hosts.MapGet("/{name}", GetAsync).WithSummary("A host with its state and the packages and files of its current revision.");
        hosts.MapPut("/{name}/family", AssignFamilyAsync).Accepts<AssignFamilyRequest>("application/json").WithSummary("Moves a host into a family, or out of any (support staff).");
        hosts.MapGet("/{name}/revisions", ListRevisionsAsync).WithSummary("A host's revisions, newest first.");
        hosts.MapGet("/{name}/revisions/{number:int}", GetRevisionAsync).WithSummary("A revision with every file of its bundle, as the agent receives it.");
        hosts.MapGet("/{name}/diff", DiffAsync).WithSummary("What changed between two revisions: packages and files line by line.");
        hosts.MapGet("/{name}/changes", ListChangesAsync).WithSummary("Every change of a host, newest first.");
        hosts.MapGet("/{name}/deployments", ListDeploymentsAsync).WithSummary("A host's deployments, newest first.");
        return api;
    }

    private static async Task<Ok<PagedList<HostSummary>>> ListAsync(
        HttpContext http, HostQueries queries, FamilyQueries families,
        string? page, string? pageSize, string? search, string? family, string? online, string? condition, string? sort)
    {
        var actor = await http.ActorAsync();
        var (order, descending) = ParseSort(sort);
        int? familyId = null;
        if (!string.IsNullOrWhiteSpace(family))
        {
            var known = await families.ListAsync(actor, http.RequestAborted);
            familyId = (int.TryParse(family, out var id) ? known.FirstOrDefault(f => f.Id == id) : known.FirstOrDefault(f => f.Name == family))?.Id
                ?? throw new InvalidInputFailure("family", $"There is no family {family} (give its id or its exact name).");
        }

        var query = new HostListQuery(
            ApiQuery.Int(page, "page") ?? 1,
            ApiQuery.Int(pageSize, "pageSize") ?? 25,
            search,
            familyId,
            ApiQuery.Bool(online, "online"),
            ApiQuery.Enum<HostCondition>(condition, "condition"),
            order,
            descending);
        return TypedResults.Ok(await queries.ListAsync(actor, query, http.RequestAborted));
    }

    private static async Task<Created<HostSummary>> CreateAsync(HttpContext http, HostCommands commands)
    {
        var request = await ApiBody.ReadAsync<CreateHostRequest>(http);
        var host = await commands.CreateAsync(await http.ActorAsync(), request.Name, request.FamilyId, http.RequestAborted);
        return TypedResults.Created($"/api/hosts/{host.Name}", host);
    }

    private static async Task<Ok<HostDetails>> GetAsync(HttpContext http, HostQueries queries, string name) =>
        TypedResults.Ok(await queries.GetAsync(await http.ActorAsync(), name, http.RequestAborted));

    private static async Task<NoContent> AssignFamilyAsync(HttpContext http, HostCommands commands, string name)
    {
        var request = await ApiBody.ReadAsync<AssignFamilyRequest>(http);
        await commands.AssignFamilyAsync(await http.ActorAsync(), name, request.FamilyId, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RevisionSummary>>> ListRevisionsAsync(HttpContext http, HostQueries queries, string name) =>
        TypedResults.Ok(await queries.ListRevisionsAsync(await http.ActorAsync(), name, http.RequestAborted));

    private static async Task<Ok<RevisionDetails>> GetRevisionAsync(HttpContext http, HostQueries queries, string name, int number) =>
        TypedResults.Ok(await queries.GetRevisionAsync(await http.ActorAsync(), name, number, http.RequestAborted));

    private static async Task<Ok<ConfigurationDiff>> DiffAsync(HttpContext http, HostQueries queries, string name, int from, int to) =>
        TypedResults.Ok(await queries.DiffAsync(await http.ActorAsync(), name, from, to, http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<ChangeSummary>>> ListChangesAsync(HttpContext http, ChangeWorkflow workflow, string name) =>
        TypedResults.Ok(await workflow.ListForHostAsync(await http.ActorAsync(), name, http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<DeploymentSummary>>> ListDeploymentsAsync(HttpContext http, DeploymentQueries queries, string name, int? limit) =>
        TypedResults.Ok(await queries.ListForHostAsync(await http.ActorAsync(), name, limit ?? 50, http.RequestAborted));

    /// <summary><c>name</c>, <c>family</c>, <c>lastSeen</c> or <c>revision</c>; a leading '-' sorts descending.</summary>
    private static (HostSort Sort, bool Descending) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return (HostSort.Name, false);
        }

        var descending = sort.StartsWith('-');
        var key = sort.TrimStart('-', '+');
        return Enum.TryParse<HostSort>(key, ignoreCase: true, out var order) && Enum.IsDefined(order) && !int.TryParse(key, out _)
            ? (order, descending)
            : throw new InvalidInputFailure("sort", "Sort by name, family, lastSeen or revision; a leading '-' sorts descending.");
    }
}
