using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Services.Agents;

/// <summary>
/// Accepts a host token as <c>Authorization: Bearer</c>, or (on the hub only, where browsers and
/// some WebSocket clients cannot set headers) as the <c>access_token</c> query parameter. The
/// principal names exactly one host; a revoked or unknown token is refused.
/// </summary>
public sealed class AgentTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<FleetDbContext> databases)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = SecretTokens.Hash(token);
        await using var db = await databases.CreateDbContextAsync(Context.RequestAborted);
        var credential = await db.AgentCredentials.AsNoTracking()
            .Where(c => c.TokenHash == hash)
            .Select(c => new { c.Id, c.HostId, HostName = c.Host!.Name, c.RevokedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (credential is null)
        {
            return AuthenticateResult.Fail("The host token is not known.");
        }

        if (credential.RevokedAt is not null)
        {
            return AuthenticateResult.Fail("The host token was revoked.");
        }

        // No NameIdentifier: SignalR would take it as the connection's user, and with the Redis
        // backplane subscribe a channel per user; the portal addresses agents by connection.
        var identity = new ClaimsIdentity(
            [
                new Claim(AgentTokenAuthentication.HostIdClaim, credential.HostId.ToString(CultureInfo.InvariantCulture)),
                new Claim(AgentTokenAuthentication.CredentialIdClaim, credential.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, credential.HostName),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Response.WriteAsJsonAsync(new
        {
            title = "The host token is missing, unknown or revoked.",
            detail = failure ?? "Send the token the agent received at enrolment as 'Authorization: Bearer <token>'.",
            status = 401,
        });
    }

    private string? ReadToken()
    {
        string authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        if (Request.Path.StartsWithSegments(AgentProtocol.HubPath)
            && Request.Query.TryGetValue(AgentTokenAuthentication.QueryParameter, out var values)
            && !string.IsNullOrEmpty(values.ToString()))
        {
            return values.ToString();
        }

        return null;
    }
}
