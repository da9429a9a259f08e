using System.Text.RegularExpressions;
using FleetPortal.Agent.Tests.Infrastructure;
using FleetPortal.EndToEnd.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.ScaleOut;

/// <summary>Machines of the scale-out tests: real agents enrolled through the API, and what their logs say they received.</summary>
internal static class ScaleOutMachines
{
    /// <summary>An enrolled machine whose agent talks to <paramref name="server"/> and installs without asking; its daemon is not started yet.</summary>
    public static async Task<AgentMachine> EnrolledAsync(FleetApi api, Uri server, string hostName)
    {
        var machine = new AgentMachine(server);
        machine.Environment["FleetPortalAgent__PromptPolicy"] = "auto";
        var (exitCode, output) = await machine.RunAsync("enroll", "--code", await api.EnrolmentCodeAsync(hostName));
        Assert.True(exitCode == 0, $"enrolling {hostName} failed: {output}");
        return machine;
    }

    /// <summary>How often the agent took the deployment up as new ("received again" is a repeat it recognised).</summary>
    public static int Receipts(AgentProcess daemon, Guid deploymentId) => Occurrences(daemon.Output, $"Deployment {deploymentId} received:");

    /// <summary>How many times the agent connected (and said hello).</summary>
    public static int Connections(AgentProcess daemon) => Occurrences(daemon.Output, "Connected to ");

    private static int Occurrences(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
