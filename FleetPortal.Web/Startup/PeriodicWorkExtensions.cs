using FleetPortal.Web.Services.Agents;
using FleetPortal.Web.Services.Deployments;
using FleetPortal.Web.Services.Enrolment;
using FleetPortal.Web.Services.PeriodicWork;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Startup;

public static class PeriodicWorkExtensions
{
    /// <summary>
    /// Work the portal does on its own: every process vouches for its connected agents; the
    /// fleet-wide jobs (silent hosts, expired enrolment codes, passed deadlines) run in one process
    /// at a time under a lease in the database. Presence settings are checked at start-up.
    /// </summary>
    public static WebApplicationBuilder AddFleetPeriodicWork(this WebApplicationBuilder builder)
    {
        // Checked now, before anything touches the database: a bad setting writes nothing.
        var presence = builder.Configuration.GetSection(PresenceOptions.SectionKey).Get<PresenceOptions>() ?? new();
        if (new PresenceOptionsValidation().Validate(null, presence) is { Failed: true } invalid)
        {
            throw new InvalidOperationException(invalid.FailureMessage);
        }

        var services = builder.Services;
        services.AddOptions<PresenceOptions>()
            .Bind(builder.Configuration.GetSection(PresenceOptions.SectionKey))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PresenceOptions>, PresenceOptionsValidation>();

        services.AddSingleton<PresenceVouching>();
        services.AddHostedService(provider => provider.GetRequiredService<PresenceVouching>());

        services.AddSingleton<PortalProcess>();
        services.AddSingleton<JobLeases>();
        services.AddSingleton<PeriodicJobRunner>();
        services.AddSingleton<SilentHostSweep>();
        services.AddSingleton<EnrolmentCodeExpiry>();
        services.AddSingleton<DeploymentDeadlines>();
        services.AddSingleton<IPeriodicJob>(provider => provider.GetRequiredService<SilentHostSweep>());
        services.AddSingleton<IPeriodicJob>(provider => provider.GetRequiredService<EnrolmentCodeExpiry>());
        services.AddSingleton<IPeriodicJob>(provider => provider.GetRequiredService<DeploymentDeadlines>());
        services.AddHostedService<PeriodicJobSchedule>();
        return builder;
    }
}
