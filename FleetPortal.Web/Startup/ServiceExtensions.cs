namespace FleetPortal.Web.Startup;

public static class ServiceExtensions
{
    /// <summary>The fleet's services, shared by the pages, the API and the agent hub.</summary>
    public static WebApplicationBuilder AddFleetServices(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
