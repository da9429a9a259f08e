using FleetPortal.Web.Services.Access;

namespace FleetPortal.Web.Api;

internal static class ApiActor
{
    /// <summary>The portal user the request's access token belongs to.</summary>
    public static Task<Actor> ActorAsync(this HttpContext http) =>
        http.RequestServices.GetRequiredService<ActorResolver>().RequireAsync(http.User, http.RequestAborted);
}
