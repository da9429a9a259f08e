namespace FleetPortal.Bench.Portal;

/// <summary>The resident memory of one real <c>fleetportal-agent run --simulate</c> process, connected and idle.</summary>
public static class AgentFootprint
{
    /// <summary>How long the connected agent idles before its memory is read: start-up garbage settles.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<long?> MeasureAsync(string agentDll, PortalApi api, Uri portal, int familyId, string work)
    {
        Console.WriteLine("FleetPortal: one real agent process");
        const string name = "real-agent";
        var state = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var code = (await api.CreateEnrolmentCodesAsync([name], familyId))[0].Code;
        var environment = new Dictionary<string, string>
        {
            ["FleetPortalAgent__SocketPath"] = Path.Combine(state, "agent.sock"),
            ["FleetPortalAgent__ConfigurationDirectory"] = Path.Combine(work, "configuration"),
            ["FleetPortalAgent__PromptPolicy"] = "auto",
        };
        var config = Path.Combine(state, "agent.json");
        await File.WriteAllTextAsync(config, "{}");
        using (var enrol = await ChildProcess.StartAsync(Program(agentDll), [.. Prefix(agentDll), "--config", config, "enroll", "--server", portal.ToString(), "--state-directory", state, "--code", code], null, environment))
        {
            if (!await Waiting.UntilAsync(() => enrol.HasExited, TimeSpan.FromSeconds(60), everyMs: 50))
            {
                Console.Error.WriteLine("fleetportal-agent enroll did not finish");
                return null;
            }
        }

        using var agent = await ChildProcess.StartAsync(Program(agentDll), [.. Prefix(agentDll), "--config", config, "run", "--simulate", "--server", portal.ToString(), "--state-directory", state], null, environment);
        if (!await Waiting.UntilAsync(() => api.IsOnlineAsync(name), TimeSpan.FromSeconds(60), everyMs: 200))
        {
            Console.Error.WriteLine("fleetportal-agent run did not connect");
            return null;
        }

        await Task.Delay(Settle);
        return agent.HasExited ? null : agent.Metrics().RssBytes;
    }

    // The agent as it ships is a native program; a .dll is the JIT build, run by dotnet.
    private static string Program(string agent) => agent.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : Path.GetFullPath(agent);

    private static string[] Prefix(string agent) => agent.EndsWith(".dll", StringComparison.Ordinal) ? [Path.GetFullPath(agent)] : [];
}
