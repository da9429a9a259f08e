using Microsoft.Extensions.Hosting;
using FleetPortal.Web.Components;

namespace FleetPortal.Web.Startup;

public static class UiExtensions
{
    public static WebApplicationBuilder AddFleetUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication UseFleetPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapFleetUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
