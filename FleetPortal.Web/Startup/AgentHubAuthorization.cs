using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace FleetPortal.Web.Startup;

/// <summary>
/// The framework's authorization middleware for the agent hub's requests, run to its end before
/// the hub rather than around it. Around it, a WebSocket request would keep for as long as the
/// agent stays connected the middleware's own state, the authorization services and, through the
/// request's service scope, the authentication handler with its cached result: about 2 KB an
/// agent. Here they live in a scope of their own that ends once the request is authorized; what the
/// hub needs, the caller's principal, stays on the request.
/// </summary>
internal static class AgentHubAuthorization
{
    private static readonly object Authorized = new();

    public static IApplicationBuilder UseAgentHubAuthorization(this IApplicationBuilder app)
    {
        // The same middleware as everywhere else: the endpoint's policy, the same challenge (401) and forbid (403).
        var authorization = app.New().UseAuthorization();
        authorization.Run(http =>
        {
            http.Items[Authorized] = Authorized;
            return Task.CompletedTask;
        });
        var authorize = authorization.Build();
        var scopes = app.ApplicationServices.GetRequiredService<IServiceScopeFactory>();
        return app.Use(next => http =>
        {
            var authorized = AuthorizeAsync(http, authorize, scopes);
            return authorized.IsCompletedSuccessfully
                ? authorized.Result ? next(http) : Task.CompletedTask
                : ThenAsync(http, authorized, next);
        });
    }

    /// <summary>Whether the request may go on; when not, the answer (401 or 403) has been written.</summary>
    private static async Task<bool> AuthorizeAsync(HttpContext http, RequestDelegate authorize, IServiceScopeFactory scopes)
    {
        var requestServices = http.Features.Get<IServiceProvidersFeature>();
        await using var scope = scopes.CreateAsyncScope();
        http.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
        try
        {
            await authorize(http);
        }
        finally
        {
            http.Features.Set(requestServices);
        }

        if (!http.Items.Remove(Authorized))
        {
            return false;
        }

        // Authorization keeps the authentication result beside the principal (its ticket and
        // properties), and with a WebSocket for as long as the agent is connected: only the
        // principal stays, which is all the hub reads.
        var user = http.User;
        http.Features.Set<IAuthenticateResultFeature>(null);
        http.Features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature { User = user });
        return true;
    }

    private static async Task ThenAsync(HttpContext http, Task<bool> authorized, RequestDelegate next)
    {
        if (await authorized)
        {
            await next(http);
        }
    }
}
