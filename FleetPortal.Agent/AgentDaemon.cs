using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Deployments;
using FleetPortal.Agent.Enrolment;
using FleetPortal.Agent.Local;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Portal;
using FleetPortal.Agent.Rebuilds;
using FleetPortal.Agent.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent;

/// <summary>Builds the <c>run</c> daemon: systemd-ready (<c>Type=notify</c>, journal logging) and otherwise a plain console host.</summary>
public static class AgentDaemon
{
    public static IHost Build(string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddAgentSources(configFile, commandLine);
        var options = AgentConfiguration.Bind(builder.Configuration);
        if (string.IsNullOrWhiteSpace(options.ServerUrl))
        {
            throw new AgentConfigurationException("The portal's address is not set: ServerUrl in the configuration, FleetPortalAgent__ServerUrl, or --server.");
        }

        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.AddSystemd();

        AddServices(builder.Services, options);
        return builder.Build();
    }

    public static void AddServices(IServiceCollection services, AgentOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentStateStore>();
        services.AddSingleton<MachineStateReader>();
        services.AddSingleton<PortalLink>();
        services.AddSingleton(new HttpClient { Timeout = TimeSpan.FromMinutes(2) });
        services.AddSingleton<BundleDownloader>();
        services.AddSingleton<DeskRequestReader>();
        services.AddSingleton<Enroller>();
        if (options.Simulate)
        {
            services.AddSingleton<IRebuilder, SimulatedRebuilder>();
        }
        else
        {
            services.AddSingleton<IRebuilder, NixosRebuilder>();
        }

        services.AddHostedService<SimulatedMachineSetup>();
        services.AddSingleton<LocalSocketServer>();
        services.AddSingleton<DeskDecider>();
        services.AddSingleton<ResultOutbox>();
        services.AddSingleton<HeldDeployment>();
        if (options.LocalSocket)
        {
            services.AddHostedService(provider => provider.GetRequiredService<LocalSocketServer>());
        }

        // Registered before the connection: it settles an interrupted rebuild before the first hello.
        services.AddHostedService<DeploymentCoordinator>();
        services.AddHostedService<PortalConnection>();
    }
}
