using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;

namespace FleetPortal.Web.Hubs;

/// <summary>
/// A WebSocket connection keeps the request that opened it for as long as its agent stays
/// connected: at 10,000 agents every byte of it is ten kilobytes. Once the connection is up and
/// its agent known, the hub forgets what it has no use for, the host token first.
/// </summary>
internal static class OpeningRequest
{
    public static void Forget(HubCallerContext context)
    {
        // SignalR holds on to the principal the connection opened with; its claims go. Who the
        // agent is, the hub finds in AgentConnections.
        foreach (var identity in context.User?.Identities ?? [])
        {
            foreach (var claim in identity.Claims.ToList())
            {
                identity.TryRemoveClaim(claim);
            }
        }

        if (context.GetHttpContext() is not { } http)
        {
            return;
        }

        // Each header is removed, not cleared: Kestrel keeps the values of cleared headers to reuse
        // for the connection's next request, which a WebSocket never makes. The Authorization
        // header's value is the host token.
        foreach (var name in http.Request.Headers.Keys.ToList())
        {
            http.Request.Headers.Remove(name);
        }

        // A token in the query string stays in Kestrel's own copy of the request line, out of reach:
        // agents send it in the header.
        http.Request.QueryString = QueryString.Empty;
        if (http.Features.Get<IHttpRequestFeature>() is { } line)
        {
            line.RawTarget = line.Path;
        }

        // The framework's authorization leaves a mark among the request's items: the dictionary
        // would stay for the one entry.
        http.Features.Set<IItemsFeature>(null);
    }
}
