using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>
/// A notification server for tests, registered as <c>org.freedesktop.Notifications</c> on a
/// private session bus: it records every notification shown and, when told, invokes one of its
/// actions the way a person clicking a button would (the <c>ActionInvoked</c> signal).
/// </summary>
public sealed class TestNotificationService : IPathMethodHandler, IDisposable
{
    private const string Interface = "org.freedesktop.Notifications";
    private readonly DBusConnection connection;
    private uint lastId;

    private TestNotificationService(DBusConnection connection) => this.connection = connection;

    public string Path => "/org/freedesktop/Notifications";

    public bool HandlesChildPaths => false;

    /// <summary>Every notification, in the order shown.</summary>
    public Channel<ShownNotification> Shown { get; } = Channel.CreateUnbounded<ShownNotification>();

    public Channel<uint> Closed { get; } = Channel.CreateUnbounded<uint>();

    public static async Task<TestNotificationService> StartAsync(string busAddress)
    {
        var connection = new DBusConnection(busAddress);
        await connection.ConnectAsync();
        var service = new TestNotificationService(connection);
        connection.AddMethodHandler(service);
        await connection.RequestNameAsync(Interface);
        return service;
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        if (request.InterfaceAsString != Interface)
        {
            context.ReplyUnknownMethodError();
            return ValueTask.CompletedTask;
        }

        switch (request.MemberAsString)
        {
            case "Notify":
                var reader = request.GetBodyReader();
                var application = reader.ReadString();
                reader.ReadUInt32();
                reader.ReadString();
                var summary = reader.ReadString();
                var body = reader.ReadString();
                var actions = reader.ReadArrayOfString();
                var id = Interlocked.Increment(ref lastId);
                Shown.Writer.TryWrite(new ShownNotification(id, application, summary, body, actions));
                context.Reply(UInt32Reply(context, id));
                break;
            case "CloseNotification":
                var closed = request.GetBodyReader().ReadUInt32();
                Closed.Writer.TryWrite(closed);
                connection.TrySendMessage(Signal("NotificationClosed", closed, null));
                context.Reply(EmptyReply(context));
                break;
            case "GetCapabilities":
                context.Reply(CapabilitiesReply(context));
                break;
            default:
                context.ReplyUnknownMethodError();
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Clicks the button of the action: <c>ActionInvoked</c>, then <c>NotificationClosed</c> as servers do.</summary>
    public void Invoke(ShownNotification notification, string actionKey)
    {
        Assert.Contains(actionKey, notification.ActionKeys);
        connection.TrySendMessage(Signal("ActionInvoked", notification.Id, actionKey));
        connection.TrySendMessage(Signal("NotificationClosed", notification.Id, null));
    }

    public void Dispose() => connection.Dispose();

    private static MessageBuffer UInt32Reply(MethodContext context, uint value)
    {
        using var writer = context.CreateReplyWriter("u");
        writer.WriteUInt32(value);
        return writer.CreateMessage();
    }

    private static MessageBuffer EmptyReply(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        return writer.CreateMessage();
    }

    private static MessageBuffer CapabilitiesReply(MethodContext context)
    {
        using var writer = context.CreateReplyWriter("as");
        writer.WriteArray(new[] { "actions", "body" });
        return writer.CreateMessage();
    }

    private MessageBuffer Signal(string member, uint id, string? action)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteSignalHeader(null, Path, Interface, member, action is null ? "uu" : "us");
        writer.WriteUInt32(id);
        if (action is null)
        {
            writer.WriteUInt32(2);
        }
        else
        {
            writer.WriteString(action);
        }

        return writer.CreateMessage();
    }
}
