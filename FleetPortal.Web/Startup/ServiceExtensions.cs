using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Changes;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.Families;
using FleetPortal.Web.Services.Hosts;
using FleetPortal.Web.Services.Notifications;
using FleetPortal.Web.Services.Tokens;
using FleetPortal.Web.Services.Users;

namespace FleetPortal.Web.Startup;

public static class ServiceExtensions
{
    /// <summary>The fleet's services, shared by the pages, the API and the agent hub.</summary>
    public static WebApplicationBuilder AddFleetServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IFleetNotifier, InProcessFleetNotifier>();
        services.Configure<EnrolmentOptions>(builder.Configuration.GetSection(EnrolmentOptions.SectionKey));

        // Scoped: one per request, hub call or circuit. Each opens its own short-lived database context.
        services.AddScoped<ActorResolver>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<HostQueries>();
        services.AddScoped<HostCommands>();
        services.AddScoped<FamilyQueries>();
        services.AddScoped<FamilyCommands>();
        services.AddScoped<ChangeWorkflow>();
        services.AddScoped<DeploymentWriter>();
        services.AddScoped<DeploymentCommands>();
        services.AddScoped<RolloutCommands>();
        services.AddScoped<CancelCommands>();
        services.AddScoped<DeploymentQueries>();
        services.AddScoped<DeploymentSearch>();
        services.AddScoped<RolloutQueries>();
        services.AddScoped<EnrolmentCodes>();
        services.AddScoped<PersonalAccessTokens>();
        services.AddScoped<UserAccounts>();

        // Roles, the bootstrap administrator and the demo fleet, once the database is migrated.
        services.AddSingleton(new OperatorConsole(Console.Out));
        services.AddScoped<DemoFleet>();
        services.AddScoped<DemoAgentCodes>();
        services.AddHostedService<FleetBootstrap>();
        return builder;
    }
}
