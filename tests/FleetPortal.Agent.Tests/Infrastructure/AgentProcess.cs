using System.Collections.Concurrent;
using System.Diagnostics;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>
/// <c>fleetportal-agent</c> as a real process with its settings in <c>FleetPortalAgent__*</c>
/// environment variables, its output kept for assertions and for the failure message. The program
/// is the one <c>FLEETPORTAL_AGENT_EXECUTABLE</c> names (<c>./test.sh</c> points it at the agent
/// compiled ahead of time, as it ships), else <c>dotnet fleetportal-agent.dll</c> of this build.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AgentProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
    }

    public static string StandIn(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stand-ins", name);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    public string Output => string.Join('\n', output);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static AgentProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var native = Environment.GetEnvironmentVariable("FLEETPORTAL_AGENT_EXECUTABLE");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(native) ? "dotnet" : native)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(native))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fleetportal-agent.dll"));
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var agent = new AgentProcess(new Process { StartInfo = start });
        agent.process.Start();
        agent.process.BeginOutputReadLine();
        agent.process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Runs a command to its end and returns its exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        await using var agent = Start(environment, arguments);
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await agent.process.WaitForExitAsync(timeout.Token);
        return (agent.process.ExitCode, agent.Output);
    }

    /// <summary>Types a line on the process's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
    }

    public Task WaitForOutputAsync(string text) =>
        Eventually.HoldsAsync(() => output.Any(line => line.Contains(text, StringComparison.Ordinal)), $"the agent prints \"{text}\". Output so far:\n{Output}");

    /// <summary>Ends the process and everything it started (a running stand-in rebuild too), as a crash or power cut would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
