using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FleetPortal.Web.Tests.Infrastructure;

namespace FleetPortal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The portal as an operator runs it: <c>dotnet fleetportal.dll</c> from FleetPortal.Web's build
/// output (the tests' own configuration), a process of its own on a free 127.0.0.1 port, set up
/// only through environment variables (its data folder or database, a bootstrap admin token), its
/// output kept for failure messages. Stopped with SIGTERM, or killed with SIGKILL as a crash would.
/// The tests reach it only as a user would: HTTP, the browser, agents, and its files afterwards.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    // Beyond the host's own shutdown timeout (30 s), which an open Blazor page can make it wait out.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly bool ownsDataDirectory;

    private PortalProcess(Process process, string dataDirectory, bool ownsDataDirectory, string adminToken)
    {
        this.process = process;
        this.ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        AdminToken = adminToken;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output.Enqueue(line.Data); };
    }

    /// <summary>The built portal: FleetPortal.Web's output in the configuration these tests were built in.</summary>
    public static string ProgramPath { get; } = Path.Combine(
        RepositoryRoot.Path, "FleetPortal.Web", "bin",
        typeof(PortalProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        new DirectoryInfo(AppContext.BaseDirectory).Name, "fleetportal.dll");

    public Uri Address { get; private set; } = default!;

    /// <summary>The support administrator's API token, set by <c>FleetPortal__Bootstrap__AdminApiToken</c>.</summary>
    public string AdminToken { get; }

    public string DataDirectory { get; }

    /// <summary>The SQLite file, when the portal runs on SQLite: for the test to read after the fact.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, "fleetportal.db");

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything the portal wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>
    /// Starts a portal and waits until it answers <c>/health</c>. <paramref name="settings"/> are
    /// configuration keys in environment form (<c>ConnectionStrings__Fleet</c>); without a
    /// <paramref name="dataDirectory"/> it gets a fresh temporary one, deleted when it is disposed.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, string? adminToken = null)
    {
        if (!File.Exists(ProgramPath))
        {
            throw new FileNotFoundException($"The portal is not built at {ProgramPath}: build FleetPortal.Web (the test project's build does).");
        }

        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("fleetportal-process-").FullName;
        adminToken ??= "fpt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ProgramPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        // Port 0: the kernel picks a free port, which the portal names when it listens.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["FleetPortal__DataDirectory"] = dataDirectory;
        start.Environment["FleetPortal__Bootstrap__AdminApiToken"] = adminToken;
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var portal = new PortalProcess(new Process { StartInfo = start }, dataDirectory, owns, adminToken);
        portal.process.Start();
        portal.process.BeginOutputReadLine();
        portal.process.BeginErrorReadLine();
        try
        {
            await portal.WaitUntilReadyAsync();
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }

        return portal;
    }

    /// <summary>An HTTP client for the API, acting as the support administrator.</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = Eventually.DefaultTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>Asks the portal to stop (SIGTERM, as systemd does) and waits until it has; kills it if it does not.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        Signal(SigTerm);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The portal did not stop within {StopTimeout.TotalSeconds} s of SIGTERM. Its output:\n{Output}");
        }
    }

    /// <summary>Kills the portal at once (SIGKILL): no shutdown, no goodbye to its connections, as a crash or power cut.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            Signal(SigKill);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            process.Dispose();
            if (ownsDataDirectory)
            {
                try
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind must not fail the test.
                }
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        string? address = null;
        try
        {
            await Eventually.HoldsAsync(
                () =>
                {
                    address = output.Select(line => Listening().Match(line)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
                    return address is not null || process.HasExited;
                },
                "the portal listens",
                StartTimeout);
            if (address is null)
            {
                throw new InvalidOperationException($"The portal exited with code {process.ExitCode} before it listened. Its output:\n{Output}");
            }

            Address = new Uri(address.TrimEnd('/') + "/");
            using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.HoldsAsync(
                async () =>
                {
                    try
                    {
                        return (await client.GetAsync("health")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException) when (!process.HasExited)
                    {
                        return false;
                    }
                },
                $"the portal at {Address} answers /health",
                StartTimeout);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Its output:\n{Output}", timeout);
        }
    }

    private void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"Could not send signal {signal} to the portal (pid {process.Id}): errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
