using System.Text.Json.Serialization;
using FleetPortal.Web.Api;
using FleetPortal.Web.Services.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FleetPortal.Web.Startup;

public static class ApiExtensions
{
    /// <summary>The automation API: personal access tokens, problem details, enums as names, OpenAPI.</summary>
    public static WebApplicationBuilder AddFleetApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenDefaults.Scheme, null);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapFleetApi(this WebApplication app)
    {
        app.UseApiStatusProblems();
        app.MapOpenApi();
        // For load balancers and supervisors: answers once migrations and start-up seeding are done.
        app.MapHealthChecks("/health").AllowAnonymous();
        var tokenOnly = new AuthorizationPolicyBuilder(AccessTokenDefaults.Scheme).RequireAuthenticatedUser().Build();
        app.MapGroup("/api")
            .RequireAuthorization(tokenOnly)
            .AddEndpointFilter<ApiFailures>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .DisableAntiforgery()
            .MapHostsApi()
            .MapFamiliesApi()
            .MapChangesApi()
            .MapDeploymentsApi()
            .MapRolloutsApi()
            .MapDiagnosticsApi()
            .MapEnrolmentApi()
            .MapTokensApi()
            .MapUsersApi()
            .MapAuditApi();
        return app;
    }
}
