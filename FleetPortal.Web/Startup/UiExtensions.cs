using Microsoft.Extensions.Hosting;
using FleetPortal.Web.Components;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Catalog;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Overview;
using FleetPortal.Web.Services.Users;
using MudBlazor.Services;

namespace FleetPortal.Web.Startup;

public static class UiExtensions
{
    public static WebApplicationBuilder AddFleetUi(this WebApplicationBuilder builder)
    {
        // Serves the framework's and MudBlazor's files when run from the build output in any
        // environment (./run.sh, tests); a published portal has them in wwwroot and ignores this.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddAuthorizationBuilder().AddPortalPolicies();
        builder.Services.AddFleetPageServices();
        return builder;
    }

    public static WebApplication UseFleetPipeline(this WebApplication app)
    {
        // Named here rather than left to the framework, which would put authentication first:
        // signing in with a token writes its last use, and a busy database must answer 503 there too.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseDatabaseBusyAnswers();

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapFleetUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapFleetPageEndpoints();
        return app;
    }

    /// <summary>The read queries and small services that only the pages use.</summary>
    public static IServiceCollection AddFleetPageServices(this IServiceCollection services) => services
        .AddScoped<CatalogImporter>()
        .AddScoped<CatalogQueries>()
        .AddScoped<AuditSearch>()
        .AddScoped<UserAdministration>()
        .AddScoped<FleetOverviewQueries>();

    /// <summary>Downloads that pages link to (they need a plain HTTP response, not a circuit).</summary>
    private static WebApplication MapFleetPageEndpoints(this WebApplication app)
    {
        app.MapAuditExport();
        return app;
    }
}
