using System.Collections.Concurrent;
using FleetPortal.Agent.Local;
using Tmds.DBus.Protocol;

namespace FleetPortal.Agent.Prompt;

/// <summary>
/// The question as a freedesktop notification on the session D-Bus
/// (<c>org.freedesktop.Notifications</c>), one action per choice. The notification service
/// reports the chosen action with the <c>ActionInvoked</c> signal.
/// </summary>
public sealed class DesktopNotifications : IPromptPresenter
{
    private const string Service = "org.freedesktop.Notifications";
    private const string ObjectPath = "/org/freedesktop/Notifications";
    private const string Interface = "org.freedesktop.Notifications";

    private readonly DBusConnection connection;
    private readonly ConcurrentDictionary<uint, (Guid DeploymentId, Func<string, Task> Answer)> shown = new();

    // An action can arrive before Notify's reply has been handled here; it waits for its notification.
    private readonly Dictionary<uint, string> early = [];
    private readonly Lock gate = new();
    private readonly List<IDisposable> watches = [];

    private DesktopNotifications(DBusConnection connection) => this.connection = connection;

    public static async Task<DesktopNotifications> ConnectAsync(string? address)
    {
        var connection = new DBusConnection(address ?? DBusAddress.Session
            ?? throw new InvalidOperationException("No session D-Bus: DBUS_SESSION_BUS_ADDRESS is not set. Run in a graphical session, or use 'prompt --console'."));
        await connection.ConnectAsync();
        var notifications = new DesktopNotifications(connection);
        notifications.watches.Add(await connection.WatchSignalAsync(
            null, ObjectPath, Interface, "ActionInvoked",
            static (Message message, object? _) =>
            {
                var reader = message.GetBodyReader();
                return (Id: reader.ReadUInt32(), Action: reader.ReadString());
            },
            (Notification<(uint Id, string Action)> signal) =>
            {
                if (signal.HasValue)
                {
                    notifications.Invoked(signal.Value.Id, signal.Value.Action);
                }
            },
            ObserverFlags.None,
            emitOnCapturedContext: false));
        notifications.watches.Add(await connection.WatchSignalAsync(
            null, ObjectPath, Interface, "NotificationClosed",
            static (Message message, object? _) => message.GetBodyReader().ReadUInt32(),
            (Notification<uint> closed) =>
            {
                // Dismissed without an answer: the daemon asks again at the next reminder.
                if (closed.HasValue)
                {
                    notifications.shown.TryRemove(closed.Value, out _);
                }
            },
            ObserverFlags.None,
            emitOnCapturedContext: false));
        return notifications;
    }

    public async Task AskAsync(LocalMessage question, Func<string, Task> answer, CancellationToken cancellationToken)
    {
        var actions = (question.Choices ?? [LocalChoices.Now]).SelectMany(c => new[] { c, LocalChoices.Label(c) }).ToArray();
        var id = await NotifyAsync(PromptText.Title, PromptText.Body(question), actions, urgency: 1);
        string? action;
        lock (gate)
        {
            if (!early.Remove(id, out action))
            {
                shown[id] = (question.DeploymentId!.Value, answer);
            }
        }

        if (action is not null)
        {
            await answer(action);
        }
    }

    private void Invoked(uint id, string action)
    {
        (Guid DeploymentId, Func<string, Task> Answer) asked;
        lock (gate)
        {
            if (!shown.TryRemove(id, out asked))
            {
                if (early.Count > 100)
                {
                    early.Clear();
                }

                early[id] = action;
                return;
            }
        }

        _ = asked.Answer(action);
    }

    public async Task WithdrawAsync(Guid deploymentId)
    {
        foreach (var (id, asked) in shown)
        {
            if (asked.DeploymentId == deploymentId && shown.TryRemove(id, out _))
            {
                await connection.CallMethodAsync(CloseMessage(id));
            }
        }
    }

    public Task NoticeAsync(string text) => NotifyAsync(PromptText.Title, text, [], urgency: 2);

    public ValueTask DisposeAsync()
    {
        foreach (var watch in watches)
        {
            watch.Dispose();
        }

        connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<uint> NotifyAsync(string summary, string body, string[] actions, byte urgency) =>
        connection.CallMethodAsync(NotifyMessage(summary, body, actions, urgency), static (Message message, object? _) => message.GetBodyReader().ReadUInt32());

    // The writer is a ref struct: messages are built in synchronous helpers, then awaited.
    private MessageBuffer NotifyMessage(string summary, string body, string[] actions, byte urgency)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ObjectPath, Interface, "Notify", "susssasa{sv}i");
        writer.WriteString("FleetPortal");
        writer.WriteUInt32(0);
        writer.WriteString("system-software-update");
        writer.WriteString(summary);
        writer.WriteString(body);
        writer.WriteArray(actions);
        var hints = writer.WriteDictionaryStart();
        writer.WriteDictionaryEntryStart();
        writer.WriteString("urgency");
        writer.WriteVariantByte(urgency);
        writer.WriteDictionaryEntryStart();
        writer.WriteString("resident");
        writer.WriteVariantBool(true);
        writer.WriteDictionaryEnd(hints);
        writer.WriteInt32(0);
        return writer.CreateMessage();
    }

    private MessageBuffer CloseMessage(uint id)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(Service, ObjectPath, Interface, "CloseNotification", "u");
        writer.WriteUInt32(id);
        return writer.CreateMessage();
    }
}
