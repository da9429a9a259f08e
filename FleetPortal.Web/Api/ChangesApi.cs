using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>The change workflow: propose, list what waits for a decision, approve, reject, withdraw.</summary>
internal static class ChangesApi
{
    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        api.MapPost("/hosts/{name}/changes", ProposeAsync).WithTags("Changes").Accepts<ProposeChangeRequest>("application/json")
            .WithSummary("Proposes a change to a host: {\"add\": [...], \"remove\": [...], \"files\": [...], \"reason\": \"...\"}.");
        var changes = api.MapGroup("/changes").WithTags("Changes");
        changes.MapGet("/", ListPendingAsync).WithSummary("Open changes you may decide, oldest first.");
        changes.MapGet("/{id:int}", GetAsync).WithSummary("A change with what approving it now would change.");
        changes.MapPost("/{id:int}/approve", ApproveAsync).Accepts<DecisionRequest>("application/json").WithSummary("Approves: writes the next revision and a deployment for the host.");
        changes.MapPost("/{id:int}/reject", RejectAsync).Accepts<DecisionRequest>("application/json").WithSummary("Rejects, with a comment for the author.");
        changes.MapPost("/{id:int}/withdraw", WithdrawAsync).WithSummary("Withdraws an open change.");
        return api;
    }

    private static async Task<Created<ChangeDetails>> ProposeAsync(HttpContext http, ChangeWorkflow workflow, string name)
    {
        var request = await ApiBody.ReadAsync<ProposeChangeRequest>(http);
        var files = request.Files?.Select((f, i) => ToEdit(f, i)).ToList();
        var change = new ProposedChange(request.Add, request.Remove, files, request.Reason);
        var details = await workflow.ProposeAsync(await http.ActorAsync(), name, change, http.RequestAborted);
        return TypedResults.Created($"/api/changes/{details.Change.Id}", details);
    }

    private static async Task<Ok<IReadOnlyList<ChangeSummary>>> ListPendingAsync(HttpContext http, ChangeWorkflow workflow, string? host) =>
        TypedResults.Ok(await workflow.ListPendingAsync(await http.ActorAsync(), host, http.RequestAborted));

    private static async Task<Ok<ChangeDetails>> GetAsync(HttpContext http, ChangeWorkflow workflow, int id) =>
        TypedResults.Ok(await workflow.GetAsync(await http.ActorAsync(), id, http.RequestAborted));

    private static async Task<Ok<ApprovalResult>> ApproveAsync(HttpContext http, ChangeWorkflow workflow, int id)
    {
        var request = await ApiBody.ReadOptionalAsync<DecisionRequest>(http);
        return TypedResults.Ok(await workflow.ApproveAsync(await http.ActorAsync(), id, request?.Comment, http.RequestAborted));
    }

    private static async Task<NoContent> RejectAsync(HttpContext http, ChangeWorkflow workflow, int id)
    {
        var request = await ApiBody.ReadOptionalAsync<DecisionRequest>(http);
        await workflow.RejectAsync(await http.ActorAsync(), id, request?.Comment ?? "", http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> WithdrawAsync(HttpContext http, ChangeWorkflow workflow, int id)
    {
        await workflow.WithdrawAsync(await http.ActorAsync(), id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static FileEdit ToEdit(FileEditRequest? file, int index)
    {
        if (file is null)
        {
            throw new InvalidInputFailure($"files[{index}]", "A file edit is required.");
        }

        if (file.Delete && file.Content is not null)
        {
            throw new InvalidInputFailure($"files[{index}].content", "A deleted file has no content: give either content or delete.");
        }

        if (!file.Delete && file.Content is null)
        {
            throw new InvalidInputFailure($"files[{index}].content", "Give the file's new content, or \"delete\": true to delete it.");
        }

        return new FileEdit(file.Path, file.Delete ? null : file.Content, file.BaseContentHash);
    }
}
