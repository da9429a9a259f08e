using System.Net.Http.Headers;
using System.Net.Http.Json;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.State;
using FleetPortal.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Portal;

/// <summary>
/// Asks the portal what became of the packages requested at this desk, for <c>status</c>. The
/// status must answer without the portal too, so a failure gives no list rather than an error.
/// </summary>
public sealed class DeskRequestReader(AgentOptions options, AgentStateStore store, HttpClient http, ILogger<DeskRequestReader> logger)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<DeskRequestStatus>?> RecentAsync(CancellationToken cancellationToken)
    {
        if (store.ReadToken() is not { } token || options.ServerUrl is null)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.ServerUrl), AgentProtocol.DeskRequestsPath));
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(message, timeout.Token);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync(AgentProtocolJson.Default.ListDeskRequestStatus, timeout.Token);
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            logger.LogInformation("The desk requests could not be read from the portal: {Reason}", failure.Message);
            return null;
        }
    }
}
