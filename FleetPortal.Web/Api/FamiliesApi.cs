using FleetPortal.Web.Services.Families;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>Families: groups of hosts with their own admins and rules.</summary>
internal static class FamiliesApi
{
    public static RouteGroupBuilder MapFamiliesApi(this RouteGroupBuilder api)
    {
        var families = api.MapGroup("/families").WithTags("Families");
        families.MapGet("/", ListAsync).WithSummary("The families you may see.");
        families.MapPost("/", CreateAsync).Accepts<CreateFamilyRequest>("application/json").WithSummary("Creates a family (support staff).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<FamilySummary>>> ListAsync(HttpContext http, FamilyQueries queries) =>
        TypedResults.Ok(await queries.ListAsync(await http.ActorAsync(), http.RequestAborted));

    private static async Task<Created<FamilySummary>> CreateAsync(HttpContext http, FamilyCommands commands)
    {
        var request = await ApiBody.ReadAsync<CreateFamilyRequest>(http);
        if (!double.IsFinite(request.DeferralDeadlineHours) || request.DeferralDeadlineHours < 0 || request.DeferralDeadlineHours > FamilyCommands.MaxDeferralDeadline.TotalHours)
        {
            throw new InvalidInputFailure("deferralDeadlineHours", $"The deferral deadline is between 0 and {FamilyCommands.MaxDeferralDeadline.TotalHours} hours.");
        }

        var family = new NewFamily(request.Name, request.RequiresSecondApprover, request.PromptMode, request.MaxDeferrals, TimeSpan.FromHours(request.DeferralDeadlineHours));
        var created = await commands.CreateAsync(await http.ActorAsync(), family, http.RequestAborted);
        return TypedResults.Created($"/api/families/{created.Id}", created);
    }
}
