using System.Buffers;
using FleetPortal.Core.Deferrals;
using FleetPortal.Core.Protocol;
using FleetPortal.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Tests.Hubs;

public sealed class AgentHubJsonTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Fact]
    public void RebuildRequest_OnTheWire_IsTheSameBytesAsWithSignalRsOwnEncoder_AndReadsBack()
    {
        // Characters the default encoder escapes: markup, an ampersand, a plus sign, and letters outside ASCII.
        var request = new RebuildRequest(Guid.NewGuid(), RebuildAction.Switch, 7, "sha256-0f1e", null, "<b>café</b> & vlc+ added",
            new PromptPolicy(PromptMode.Ask, 3, 1, new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(1))),
            new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero), 123456789);
        var message = new InvocationMessage(nameof(IAgentClient.RebuildRequested), [request]);
        var portalProtocol = new JsonHubProtocol(portal.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>());
        var signalRDefaults = new JsonHubProtocolOptions();
        signalRDefaults.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, AgentProtocolJson.Default);
        var withSignalRsEncoder = new JsonHubProtocol(Options.Create(signalRDefaults));

        var sent = Write(portalProtocol, message);

        Assert.Null(portal.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions.Encoder);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Write(withSignalRsEncoder, message)), System.Text.Encoding.UTF8.GetString(sent));
        var sequence = new ReadOnlySequence<byte>(sent);
        Assert.True(portalProtocol.TryParseMessage(ref sequence, new RebuildRequestBinder(), out var parsed));
        Assert.Equal(request, Assert.Single(Assert.IsType<InvocationMessage>(parsed).Arguments));
    }

    private static byte[] Write(IHubProtocol protocol, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a RebuildRequested invocation the way the agent's connection does.</summary>
    private sealed class RebuildRequestBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(RebuildRequest)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
