using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Notifications;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace FleetPortal.Web.Startup;

public static class ScaleOutExtensions
{
    public const string RedisConnectionName = "Redis";

    /// <summary>Prefix of every Redis channel of this portal; portals sharing one Redis need their own.</summary>
    public const string ChannelPrefixKey = "FleetPortal:Redis:ChannelPrefix";

    /// <summary>
    /// What lets several portal processes serve one fleet: data-protection keys in the fleet
    /// database (always, so cookies and antiforgery tokens survive restarts and work whichever
    /// process answers), and with <c>ConnectionStrings:Redis</c> the SignalR backplane and the
    /// fleet notifier across processes. Call after <see cref="ServiceExtensions.AddFleetServices"/>.
    /// </summary>
    public static WebApplicationBuilder AddFleetScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDataProtection()
            .SetApplicationName("FleetPortal")
            .PersistKeysToDbContext<FleetDbContext>();

        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder;
        }

        var redisOptions = ConfigurationOptions.Parse(redis);
        var prefix = builder.Configuration[ChannelPrefixKey] is { Length: > 0 } configured ? configured.Trim() : "fleetportal";

        // Retry the first connection: Redis may start after the portal.
        redisOptions.AbortOnConnectFail = false;
        services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration = redisOptions.Clone();
            options.Configuration.ChannelPrefix = RedisChannel.Literal(prefix);
        });
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        services.AddSingleton<InProcessFleetNotifier>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<RedisFleetNotifier>(provider, prefix));
        services.AddSingleton<IFleetNotifier>(provider => provider.GetRequiredService<RedisFleetNotifier>());

        // Listening starts before the agent hub's listener, so no news is missed at start-up.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService>(
            provider => provider.GetRequiredService<RedisFleetNotifier>()));
        return builder;
    }
}
