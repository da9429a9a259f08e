using System.Text.Json;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FleetPortal.Web.Services.Notifications;

/// <summary>
/// The notifier of a portal that runs beside others: a change is handed to this process's listeners
/// at once, as the in-process notifier does, and published on a Redis channel that every other
/// process hands to its own listeners. So a page on one process hears of an agent event handled by
/// another, and the process that holds an agent's connection hears of its new deployment.
/// </summary>
public sealed class RedisFleetNotifier(
    IConnectionMultiplexer redis,
    InProcessFleetNotifier local,
    string channelPrefix,
    ILogger<RedisFleetNotifier> logger) : IFleetNotifier, IHostedService
{
    /// <summary>The one channel of fleet changes, shared by every process of one portal.</summary>
    private readonly RedisChannel channel = RedisChannel.Literal(channelPrefix + ":fleet-changes");

    /// <summary>The most changes one Redis message carries, so that none grows past a few hundred KB.</summary>
    private const int MaxChangesPerMessage = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Tells this process's own messages apart when Redis hands them back.</summary>
    private readonly Guid process = Guid.NewGuid();

    public IDisposable Subscribe(Func<FleetChange, Task> handler) => local.Subscribe(handler);

    public async Task PublishAsync(FleetChange change)
    {
        await local.PublishAsync(change);
        await SendAsync(new Envelope(process, change), change);
    }

    public async Task PublishAsync(IReadOnlyCollection<FleetChange> changes)
    {
        await local.PublishAsync(changes);
        foreach (var chunk in changes.Chunk(MaxChangesPerMessage))
        {
            await SendAsync(new Envelope(process, Changes: chunk), chunk[0]);
        }
    }

    private async Task SendAsync(Envelope envelope, FleetChange first)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(envelope, Json));
        }
        catch (RedisException exception)
        {
            // The change is committed; other processes' pages catch up on their next refresh.
            logger.LogWarning(exception, "Could not tell the other portal processes about {Change} (and {More} more)", first, (envelope.Changes?.Count ?? 1) - 1);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(channel);

        // One message at a time, in order, as the in-process notifier delivers them.
        queue.OnMessage(async message =>
        {
            var envelope = Read(message.Message);
            if (envelope is null || envelope.Process == process)
            {
                return;
            }

            if (envelope.Change is not null)
            {
                await local.PublishAsync(envelope.Change);
            }

            if (envelope.Changes is not null)
            {
                await local.PublishAsync(envelope.Changes);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(channel);

    private Envelope? Read(RedisValue message)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
        }
        catch (JsonException exception)
        {
            logger.LogWarning(exception, "Ignored an unreadable fleet change from Redis");
            return null;
        }
    }

    /// <summary>One change, or a batch of them (a rollout's); a message carries one or the other.</summary>
    private sealed record Envelope(Guid Process, FleetChange? Change = null, IReadOnlyList<FleetChange>? Changes = null);
}
