using System.CommandLine;
using FleetPortal.Agent.Configuration;
using FleetPortal.Agent.Enrolment;
using FleetPortal.Agent.Local;
using FleetPortal.Agent.Machine;
using FleetPortal.Agent.Prompt;
using FleetPortal.Agent.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FleetPortal.Agent;

/// <summary>The entry point of <c>fleetportal-agent</c>: one sub-command per thing a machine or its user does.</summary>
public static class AgentCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        var config = new Option<string?>("--config") { Description = $"The configuration file (default {AgentOptions.DefaultConfigFile}).", Recursive = true };
        var server = new Option<string?>("--server") { Description = "The portal's address, such as https://portal.example." };
        var stateDirectory = new Option<string?>("--state-directory") { Description = "Where the token and state are kept." };
        var socket = new Option<string?>("--socket") { Description = "The daemon's local socket.", Recursive = true };

        var simulate = new Option<bool>("--simulate") { Description = "Write generations into a scratch tree instead of running Nix." };
        var run = new Command("run", "Run the agent daemon.") { server, stateDirectory, simulate };
        run.SetAction((result, cancellationToken) => RunDaemonAsync(result.GetValue(config), Overrides(
            ("ServerUrl", result.GetValue(server)),
            ("StateDirectory", result.GetValue(stateDirectory)),
            ("Simulate", result.GetValue(simulate) ? "true" : null)), cancellationToken));

        var code = new Option<string>("--code") { Description = "The enrolment code shown in the portal, such as ABCD-EFGH.", Required = true };
        var enroll = new Command("enroll", "Enrol this machine with a one-time code; uploads its configuration folder.") { server, stateDirectory, code };
        enroll.SetAction((result, cancellationToken) => EnrolAsync(result.GetValue(config), Overrides(
            ("ServerUrl", result.GetValue(server)),
            ("StateDirectory", result.GetValue(stateDirectory))), result.GetValue(code)!, cancellationToken));

        var console = new Option<bool>("--console") { Description = "Ask in this terminal instead of with desktop notifications." };
        var prompt = new Command("prompt", "Show upgrade questions in this desktop session (run as a user service).") { console };
        prompt.SetAction((result, cancellationToken) => PromptAsync(ClientOptions(result.GetValue(config), result.GetValue(socket)), result.GetValue(console), cancellationToken));

        var package = new Argument<string>("package") { Description = "The package to ask for, such as vlc." };
        var reason = new Option<string>("--reason") { Description = "Why you need it; your administrator reads it before deciding.", Required = true };
        var request = new Command("request", "Ask your administrator for a package.") { package, reason };
        request.SetAction((result, cancellationToken) => RequestAsync(ClientOptions(result.GetValue(config), result.GetValue(socket)), result.GetValue(package)!, result.GetValue(reason), cancellationToken));

        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var status = new Command("status", "Show the agent's connection, generation and pending updates.") { json };
        status.SetAction((result, cancellationToken) => StatusAsync(ClientOptions(result.GetValue(config), result.GetValue(socket)), result.GetValue(json), cancellationToken));

        var root = new RootCommand("fleetportal-agent: the FleetPortal agent of a NixOS machine.") { config, socket, run, enroll, prompt, request, status };
        return root.Parse(args).InvokeAsync();
    }

    private static Dictionary<string, string?> Overrides(params (string Key, string? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value);

    private static async Task<int> RunDaemonAsync(string? configFile, Dictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        try
        {
            using var host = AgentDaemon.Build(configFile, overrides);
            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (AgentConfigurationException exception)
        {
            await Console.Error.WriteLineAsync("fleetportal-agent: " + exception.Message);
            return 2;
        }
    }

    private static async Task<int> EnrolAsync(string? configFile, Dictionary<string, string?> overrides, string code, CancellationToken cancellationToken)
    {
        try
        {
            var options = AgentConfiguration.Load(configFile, overrides);
            using var http = new HttpClient();
            using var logging = LoggerFactory.Create(logs => logs.AddSimpleConsole(c => c.SingleLine = true));
            var store = new AgentStateStore(options);
            var enroller = new Enroller(options, store, new MachineStateReader(options), http, logging.CreateLogger<Enroller>());
            var receipt = await enroller.EnrolAsync(code, cancellationToken);
            Console.WriteLine($"Enrolled as {receipt.HostName}. The token is in {store.TokenPath}; start the agent with 'fleetportal-agent run'.");
            return 0;
        }
        catch (Exception exception) when (exception is AgentConfigurationException or EnrolmentException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync("Enrolment failed: " + exception.Message);
            return 1;
        }
    }

    private static async Task<int> PromptAsync(AgentOptions options, bool useConsole, CancellationToken cancellationToken)
    {
        using var logging = LoggerFactory.Create(logs => logs.AddSimpleConsole(c => c.SingleLine = true));
        var logger = logging.CreateLogger("prompt");
        try
        {
            await using IPromptPresenter presenter = useConsole
                ? new ConsolePrompt(Console.In, Console.Out)
                : await DesktopNotifications.ConnectAsync(null);
            await new PromptSession(options.SocketPath, presenter, options.ReconnectDelayMin, options.ReconnectDelayMax, logger).RunAsync(cancellationToken);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Tmds.DBus.Protocol.DBusExceptionBase)
        {
            await Console.Error.WriteLineAsync("Cannot show desktop notifications: " + exception.Message + " (use --console to ask in a terminal).");
            return 1;
        }
    }

    private static async Task<int> RequestAsync(AgentOptions options, string package, string? reason, CancellationToken cancellationToken)
    {
        var answer = await AskDaemonAsync(options, new LocalMessage("request") { Package = package, Reason = reason }, cancellationToken);
        if (answer is { Type: "requested" })
        {
            Console.WriteLine(answer.Text);
            return 0;
        }

        await Console.Error.WriteLineAsync("The request was not sent: " + (answer?.Text ?? "no answer from the agent."));
        return 1;
    }

    private static async Task<int> StatusAsync(AgentOptions options, bool json, CancellationToken cancellationToken)
    {
        var answer = await AskDaemonAsync(options, new LocalMessage("status"), cancellationToken);
        if (answer?.Status is not { } status)
        {
            await Console.Error.WriteLineAsync("No status: " + (answer?.Text ?? "no answer from the agent."));
            return 1;
        }

        Console.WriteLine(json ? LocalJson.Write(status) : StatusText.Format(status));
        return 0;
    }

    private static async Task<LocalMessage?> AskDaemonAsync(AgentOptions options, LocalMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await LocalClient.ConnectAsync(options.SocketPath, cancellationToken);
            await client.SendAsync(message);
            return await client.ReceiveAsync(cancellationToken);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            return new LocalMessage("error") { Text = $"cannot reach the agent at {options.SocketPath} ({exception.Message}). Is fleetportal-agent running?" };
        }
    }

    /// <summary>Settings for the commands people run: a configuration file they cannot read is no reason to fail.</summary>
    private static AgentOptions ClientOptions(string? configFile, string? socket)
    {
        var overrides = Overrides(("SocketPath", socket));
        try
        {
            return AgentConfiguration.Load(configFile, overrides);
        }
        catch (UnauthorizedAccessException) when (configFile is null)
        {
            return AgentConfiguration.Load("/dev/null/none", overrides);
        }
    }
}
