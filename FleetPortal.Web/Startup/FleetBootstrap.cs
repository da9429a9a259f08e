using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Tokens;
using FleetPortal.Web.Services.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace FleetPortal.Web.Startup;

/// <summary>
/// At start-up: the roles exist; with <c>FleetPortal:Bootstrap:AdminApiToken</c> and no user yet, a
/// support administrator holding that token exists; with <c>FleetPortal:Demo:Seed</c> and an empty
/// fleet, the demo fleet exists. Runs after the database migrations, before requests are served.
/// </summary>
public sealed class FleetBootstrap(IServiceProvider services, IConfiguration configuration, ILogger<FleetBootstrap> logger) : IHostedService
{
    public const string AdminApiTokenKey = "FleetPortal:Bootstrap:AdminApiToken";
    public const string DemoSeedKey = "FleetPortal:Demo:Seed";
    public const string AdminEmail = "admin@fleetportal.local";
    public const int MinimumTokenLength = 16;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await provider.GetRequiredService<UserAccounts>().EnsureRolesAsync();
        var token = configuration[AdminApiTokenKey];
        if (!string.IsNullOrWhiteSpace(token))
        {
            await CreateAdministratorAsync(provider, token.Trim(), cancellationToken);
        }

        if (configuration.GetValue<bool>(DemoSeedKey))
        {
            await provider.GetRequiredService<DemoFleet>().SeedAsync(cancellationToken);
        }

        if (configuration[DemoAgentCodes.DirectoryKey] is { Length: > 0 } codeDirectory)
        {
            await provider.GetRequiredService<DemoAgentCodes>().WriteAsync(codeDirectory, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateAdministratorAsync(IServiceProvider provider, string token, CancellationToken cancellationToken)
    {
        if (token.Length < MinimumTokenLength)
        {
            throw new InvalidOperationException($"{AdminApiTokenKey} must be at least {MinimumTokenLength} characters long.");
        }

        var dbFactory = provider.GetRequiredService<IDbContextFactory<FleetDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                logger.LogInformation("Portal users exist already; the bootstrap admin token is not applied");
                return;
            }
        }

        // Nobody signs in with this password: the administrator acts through the token, or sets a password by reset.
        var password = Services.Security.SecretTokens.NewToken("Pw1");
        var userId = await provider.GetRequiredService<UserAccounts>().CreateUncheckedAsync(
            new NewPortalUser(AdminEmail, "Administrator", password, [Roles.Support]), cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var entry = provider.GetRequiredService<PersonalAccessTokens>().Add(db, userId, "Bootstrap token", token, null);
            var administrator = Actor.ForUser(userId, "Administrator", [Roles.Support], []);
            provider.GetRequiredService<AuditLog>().Record(db, administrator, AuditActions.AccessTokenCreated,
                $"The support administrator {AdminEmail} was created with the configured bootstrap API token ({entry.Prefix}…).");
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Created the support administrator {Email} with the configured bootstrap API token", AdminEmail);
    }
}
