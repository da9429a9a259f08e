using System.Threading.RateLimiting;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Hubs;
using FleetPortal.Web.Services.Agents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Startup;

public static class AgentHubExtensions
{
    /// <summary>The agent hub, host token authentication, enrolment and bundle download.</summary>
    public static WebApplicationBuilder AddFleetAgents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(AgentHubOptions.SectionKey).Get<AgentHubOptions>() ?? new();
        if (new AgentHubOptionsValidation().Validate(null, options) is { Failed: true } invalid)
        {
            // Checked now, before anything touches the database: a bad setting writes nothing.
            throw new InvalidOperationException(invalid.FailureMessage);
        }

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AgentTokenAuthenticationHandler>(AgentTokenAuthentication.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(AgentTokenAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(AgentTokenAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(AgentTokenAuthentication.HostIdClaim));

        services.AddSignalR()
            .AddJsonProtocol(json => AgentProtocol.ConfigureJson(json.PayloadSerializerOptions))
            .AddHubOptions<AgentHub>(hub =>
        {
            // A larger message closes only the connection that sent it.
            hub.MaximumReceiveMessageSize = AgentProtocol.MaxMessageBytes;
        });

        if (ConnectionBudget.For(ConnectionBudget.OpenFileLimit()) is { } budget)
        {
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxConcurrentUpgradedConnections = budget.Upgraded;
                kestrel.Limits.MaxConcurrentConnections = budget.Plain;
            });
        }

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.HttpContext.Response.WriteAsJsonAsync(new
                {
                    title = "Too many enrolment attempts from this address. Wait a few minutes, then try again.",
                    status = StatusCodes.Status429TooManyRequests,
                }, cancellationToken);
            };
            limiter.AddPolicy(AgentEndpoints.EnrolmentRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.EnrolmentAttemptsPerWindow,
                    Window = options.EnrolmentWindow,
                    QueueLimit = 0,
                }));
        });

        // WebSocket clients may send the token in the query string; the request-start log would
        // print it, so that category never logs. While it is enabled at any level, ASP.NET Core
        // also keeps an Activity and a log scope with every request: with a WebSocket, for as long
        // as the agent stays connected.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // Each logging scope that Kestrel and SignalR open around a connection lives as long as the
        // connection: with a WebSocket, as long as the agent stays connected (four scopes and their
        // state, about 400 bytes an agent). No log of the portal prints scopes, so none are kept.
        builder.Services.Configure<LoggerFilterOptions>(logging => logging.CaptureScopes = false);

        services.AddSingleton<AgentConnections>();
        services.AddSingleton<AgentPresence>();
        services.AddHostedService(provider => provider.GetRequiredService<AgentPresence>());
        services.AddSingleton<SendsUnderway>();
        services.AddSingleton(provider => new DeploymentPacing(options, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DeploymentDelivery>();
        services.AddSingleton<DeploymentReports>();
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentReports>());
        services.AddSingleton<DeploymentAcknowledgements>();
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentAcknowledgements>());
        services.AddSingleton<DeskRequests>();
        services.AddSingleton<RevisionBundles>();
        services.AddHostedService(provider => provider.GetRequiredService<RevisionBundles>());
        services.AddSingleton<AgentRevocations>();
        services.AddSingleton<EnrolmentRedemption>();
        services.AddHostedService<AgentFleetListener>();
        return builder;
    }

    /// <summary>
    /// The agent hub's requests (negotiate, then the WebSocket, server-sent events or long polling)
    /// take a pipeline of their own: authorization (the agent token policy) and the hub, none of
    /// the pages' middleware. A WebSocket request stays in every middleware it passed for as long
    /// as the agent is connected: the error page, status code pages, the cookie sign-in and their
    /// state cost each connected agent about a kilobyte, and an agent has no use for any of them.
    /// Call it before the pages' pipeline; WebApplication has routed the request by then.
    /// </summary>
    public static WebApplication UseAgentHubPipeline(this WebApplication app)
    {
        app.MapWhen(http => http.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>()?.HubType == typeof(AgentHub), hub =>
        {
            hub.UseWhen(http => http.GetEndpoint()?.Metadata.GetMetadata<NegotiateMetadata>() is not null, negotiate => negotiate.Use(CloseAfterResponse));
            // The endpoint is already chosen: this routing only lets the branch end in the framework's endpoint middleware.
            hub.UseRouting();
            hub.UseAgentHubAuthorization();
            hub.UseEndpoints(_ => { });
        });
        return app;
    }

    public static WebApplication MapFleetAgents(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/agent"), agent => agent.Use(CloseAfterResponse));
        app.MapHub<AgentHub>(AgentProtocol.HubPath, hub =>
        {
            // WebSockets first; server-sent events and long polling get through networks that drop them.
            hub.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
        });
        app.MapAgentEndpoints();
        return app;
    }

    // An agent negotiates over one HTTP connection, then opens its WebSocket on another; kept
    // alive, the first would sit idle beside every agent's WebSocket until keep-alive ends (two
    // sockets per agent). At 10,000 agents that exhausted the process's file descriptors. The
    // same for the agent's other requests (a bundle download after each rollout, enrolment):
    // rare for one agent, all at once for a fleet, and its WebSocket carries everything else.
    private static Task CloseAfterResponse(HttpContext http, RequestDelegate next)
    {
        http.Response.Headers.Connection = "close";
        return next(http);
    }
}
