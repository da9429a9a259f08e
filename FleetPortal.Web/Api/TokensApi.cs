using FleetPortal.Web.Services.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>Your personal access tokens.</summary>
internal static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", ListAsync).WithSummary("Your tokens (never the tokens themselves).");
        tokens.MapPost("/", CreateAsync).Accepts<CreateTokenRequest>("application/json").WithSummary("Makes a token; it is shown only in this response.");
        tokens.MapDelete("/{id:int}", RevokeAsync).WithSummary("Revokes one of your tokens.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AccessTokenSummary>>> ListAsync(HttpContext http, PersonalAccessTokens tokens) =>
        TypedResults.Ok(await tokens.ListAsync(await http.ActorAsync(), http.RequestAborted));

    private static async Task<Ok<CreatedAccessToken>> CreateAsync(HttpContext http, PersonalAccessTokens tokens)
    {
        var request = await ApiBody.ReadAsync<CreateTokenRequest>(http);
        return TypedResults.Ok(await tokens.CreateAsync(await http.ActorAsync(), request.Name, request.ExpiresAt, http.RequestAborted));
    }

    private static async Task<NoContent> RevokeAsync(HttpContext http, PersonalAccessTokens tokens, int id)
    {
        await tokens.RevokeAsync(await http.ActorAsync(), id, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
