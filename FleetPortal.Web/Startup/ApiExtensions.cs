namespace FleetPortal.Web.Startup;

public static class ApiExtensions
{
    public static WebApplicationBuilder AddFleetApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapFleetApi(this WebApplication app)
    {
        app.MapOpenApi();
        return app;
    }
}
