namespace FleetPortal.Agent.Configuration;

/// <summary>
/// The agent's settings, section <c>Agent</c>: from <c>/etc/fleetportal-agent/agent.json</c> (or
/// <c>--config</c>), then <c>FleetPortalAgent__Key</c> environment variables, then command-line options.
/// </summary>
public sealed class AgentOptions
{
    public const string SectionKey = "Agent";

    public const string DefaultConfigFile = "/etc/fleetportal-agent/agent.json";

    /// <summary>The portal's base address, such as <c>https://portal.example</c>.</summary>
    public string? ServerUrl { get; set; }

    public string StateDirectory { get; set; } = "/var/lib/fleetportal-agent";

    /// <summary><c>ask</c>, <c>auto</c> or <c>ask-always</c>: how this machine treats deployments' prompts.</summary>
    public string PromptPolicy { get; set; } = "ask";

    /// <summary><c>switch</c>, or <c>boot</c> for machines that must only change at the next boot.</summary>
    public string RebuildAction { get; set; } = "switch";

    public string NixosRebuild { get; set; } = "nixos-rebuild";

    /// <summary>The <c>nix-env</c> used to switch the system profile back for a rollback.</summary>
    public string NixEnv { get; set; } = "nix-env";

    /// <summary>Where <c>run/current-system</c>, <c>run/booted-system</c> and the system profile are read.</summary>
    public string SystemRoot { get; set; } = "/";

    /// <summary>Uploaded at enrolment as the host's first revision.</summary>
    public string ConfigurationDirectory { get; set; } = "/etc/nixos";

    public string SocketPath { get; set; } = "/run/fleetportal-agent/agent.sock";

    /// <summary>
    /// Whether to listen on <see cref="SocketPath"/>. A fleet simulator running thousands of agents
    /// in one process turns it off; without it nobody at the desk can be asked, so deployments
    /// install unattended (as on a machine nobody is logged in to).
    /// </summary>
    public bool LocalSocket { get; set; } = true;

    /// <summary>Read the host token from this file instead of the state directory.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Enrol on first start with the code in this file.</summary>
    public string? EnrollmentCodeFile { get; set; }

    /// <summary>Write generations into a scratch tree instead of running Nix (demo, load tests).</summary>
    public bool Simulate { get; set; }

    /// <summary>The first ceiling of the wait before reconnecting; doubles per failed attempt up to <see cref="ReconnectDelayMax"/>, each wait drawn from zero to it.</summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap: an agent tries again at most this long after the portal is back, so a whole fleet is back within it.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between two questions: caps how long "Later" and "Tomorrow" defer and how
    /// long an unanswered question stays up. By default the deferral policy's own lengths apply.
    /// </summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long to wait for the download or the portal before trying again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The directory a simulated machine's system tree lives in.</summary>
    public string EffectiveSystemRoot => Simulate && SystemRoot == "/" ? Path.Combine(StateDirectory, "simulated-system") : SystemRoot;
}
