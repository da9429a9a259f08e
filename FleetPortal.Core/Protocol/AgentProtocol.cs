namespace FleetPortal.Core.Protocol;

/// <summary>Constants of the agent protocol, shared by the portal's hub and every agent.</summary>
public static class AgentProtocol
{
    /// <summary>
    /// The protocol version this build speaks. An agent states its version in
    /// <see cref="IAgentHub.Hello"/>; the portal refuses any other with a reason.
    /// </summary>
    public const int Version = 1;

    /// <summary>The hub's path on the portal.</summary>
    public const string HubPath = "/hubs/agent";

    /// <summary>Where a new machine exchanges its enrolment code for a host token.</summary>
    public const string EnrolPath = "/api/agent/enroll";

    /// <summary>The host's recent desk requests and their decisions (<see cref="DeskRequestStatus"/>).</summary>
    public const string DeskRequestsPath = "/api/agent/requests";

    /// <summary>The bundle of one revision of the caller's own host: replace <c>{n}</c> by the revision number.</summary>
    public const string BundlePathTemplate = "/api/agent/revisions/{n}/bundle";

    /// <summary>
    /// The most characters (paths and contents of all files) of a bundle the hub answers with
    /// <see cref="IAgentHub.DownloadBundle"/>; a larger one comes from <see cref="BundlePathTemplate"/>.
    /// Even escaped at six bytes a character, its message stays below the 1 MB a SignalR client
    /// buffers by default.
    /// </summary>
    public const int MaxHubBundleCharacters = 128 * 1024;

    /// <summary>The largest hub message the portal accepts, in bytes; a larger one closes that connection.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>The most log lines an agent sends in one <see cref="IAgentHub.ReportLog"/> call.</summary>
    public const int MaxLogLinesPerBatch = 200;

    /// <summary>The longest log line an agent sends; longer lines are cut.</summary>
    public const int MaxLogLineLength = 2000;

    /// <summary>The most characters of log lines in one batch, well below <see cref="MaxMessageBytes"/>.</summary>
    public const int MaxLogBatchCharacters = 32 * 1024;

    /// <summary>
    /// The hub's JSON settings, the same on both ends: the generated contract of
    /// <see cref="AgentProtocolJson"/> comes first, and its generated writers are used as they are.
    /// </summary>
    public static void ConfigureJson(System.Text.Json.JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, AgentProtocolJson.Default);

        // SignalR names the default encoder explicitly, and with any encoder named the serializer
        // sets the generated writers aside for its general one, which allocates a stack of frames
        // for every message (about 300 bytes; 3 MB for a rollout to 10,000 hosts). The writer that
        // SignalR hands the serializer escapes with the default encoder either way, so the bytes
        // on the wire do not change.
        options.Encoder = null;
    }

    public static string BundlePath(int revisionNumber) =>
        BundlePathTemplate.Replace("{n}", revisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
