using FleetPortal.Core.Protocol;
using FleetPortal.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Agents;

/// <summary>The agents' HTTP endpoints: enrolment, the download of their own host's bundles, and their desk requests.</summary>
public static class AgentEndpoints
{
    public const string EnrolmentRateLimit = "agent-enrolment";

    /// <summary>How many of a host's desk requests <c>status</c> shows, newest first.</summary>
    public const int DeskRequestsShown = 5;

    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/agent").WithTags("Agent");

        agents.MapPost("/enroll", EnrolAsync)
            .AllowAnonymous()
            .RequireRateLimiting(EnrolmentRateLimit)
            .DisableAntiforgery()
            .WithSummary("Exchange a one-time enrolment code for a host token.");

        agents.MapGet("/revisions/{n:int}/bundle", DownloadBundleAsync)
            .RequireAuthorization(AgentTokenAuthentication.Policy)
            .WithSummary("Every file of one revision of the caller's own host, with its content hash.");

        agents.MapGet("/requests", RecentDeskRequestsAsync)
            .RequireAuthorization(AgentTokenAuthentication.Policy)
            .WithSummary("The packages most recently asked for at the caller's own host, and what was decided.");
        return app;
    }

    private static async Task<IResult> EnrolAsync([FromBody] EnrolmentRequest? request, EnrolmentRedemption redemption, CancellationToken cancellationToken)
    {
        var outcome = await redemption.RedeemAsync(request, cancellationToken);
        return outcome.Receipt is { } receipt
            ? Results.Ok(receipt)
            : Results.Problem(title: outcome.Error, statusCode: outcome.Status);
    }

    private static async Task<IResult> RecentDeskRequestsAsync(HttpContext http, IDbContextFactory<FleetDbContext> databases, CancellationToken cancellationToken)
    {
        var agent = AgentIdentity.From(http.User);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var requests = await db.ChangeRequests.AsNoTracking().Include(c => c.Operations)
            .Where(c => c.HostId == agent.HostId && c.Kind == ChangeKind.DeskRequest)
            .OrderByDescending(c => c.Id)
            .Take(DeskRequestsShown)
            .ToListAsync(cancellationToken);
        return Results.Ok(requests.Select(c => new DeskRequestStatus(
            c.Id,
            string.Join(", ", c.Operations.Select(o => o.Package)),
            c.Reason,
            c.AuthorName,
            c.CreatedAt,
            c.Status.ToString(),
            c.DeciderName,
            c.DecidedAt,
            c.DecisionComment)).ToList());
    }

    private static async Task<IResult> DownloadBundleAsync(int n, HttpContext http, RevisionBundles bundles)
    {
        var agent = AgentIdentity.From(http.User);
        try
        {
            return await bundles.ReadAsync(agent, n) is { } bundle
                ? Results.Ok(bundle)
                : Results.Problem(title: $"{agent.HostName} has no revision {n}.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (HubException unread)
        {
            // The batch it waited in could not be read (the database away, the portal stopping).
            http.Response.Headers.RetryAfter = "5";
            return Results.Problem(title: unread.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
