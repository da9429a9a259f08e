using FleetPortal.Web.Services.Notifications;

namespace FleetPortal.Web.Startup;

public static class ServiceExtensions
{
    /// <summary>The fleet's services, shared by the pages, the API and the agent hub.</summary>
    public static WebApplicationBuilder AddFleetServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFleetNotifier, InProcessFleetNotifier>();
        return builder;
    }
}
