using FleetPortal.Agent.Local;
using FleetPortal.Agent.Portal;
using Microsoft.Extensions.Logging;

namespace FleetPortal.Agent.Prompt;

/// <summary>
/// <c>fleetportal-agent prompt</c>: stays connected to the daemon's socket (reconnecting when the
/// daemon restarts), shows each question it is sent, and sends the answer back.
/// </summary>
public sealed class PromptSession(string socketPath, IPromptPresenter presenter, TimeSpan retryMin, TimeSpan retryMax, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random();
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var client = await LocalClient.ConnectAsync(socketPath, cancellationToken);
                await client.SendAsync(new LocalMessage("listen"));
                attempt = 0;
                logger.LogInformation("Listening for upgrade questions from the agent at {SocketPath}", socketPath);
                while (await client.ReceiveAsync(cancellationToken) is { } message)
                {
                    await HandleAsync(client, message, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException)
            {
                logger.LogWarning("Cannot talk to the agent at {SocketPath}: {Reason}", socketPath, exception.Message);
            }

            await Task.Delay(ReconnectBackoff.Delay(attempt++, retryMin, retryMax, random), cancellationToken);
        }
    }

    private async Task HandleAsync(LocalClient client, LocalMessage message, CancellationToken cancellationToken)
    {
        switch (message.Type)
        {
            case "ask" when message.DeploymentId is { } id:
                await presenter.AskAsync(message, choice => client.SendAsync(new LocalMessage("answer") { DeploymentId = id, Choice = choice }), cancellationToken);
                break;
            case "withdraw" when message.DeploymentId is { } id:
                await presenter.WithdrawAsync(id);
                break;
            case "notice" when message.Text is { } text:
                await presenter.NoticeAsync(text);
                break;
        }
    }
}
