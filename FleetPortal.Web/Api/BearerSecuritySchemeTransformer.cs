using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FleetPortal.Web.Api;

/// <summary>Describes in the OpenAPI document that every call carries <c>Authorization: Bearer &lt;personal access token&gt;</c>.</summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "AccessToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "FleetPortal API";
        document.Info.Description = "Automation API of FleetPortal. Authenticate with a personal access token: Authorization: Bearer <token>.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token, made in the portal or by POST /api/tokens.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] });
        return Task.CompletedTask;
    }
}
