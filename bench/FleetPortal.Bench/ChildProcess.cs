using System.Diagnostics;
using System.Net.Sockets;

namespace FleetPortal.Bench;

/// <summary>A server the benchmark starts, waits for on its port, and kills when done.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private long saidListeningAt;

    private ChildProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>What the process wrote to its standard error so far.</summary>
    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>What the process wrote to its standard output so far.</summary>
    public IReadOnlyCollection<string> Output => output;

    /// <summary>
    /// When an ASP.NET Core process said it listens ("Now listening on", logged at Information by
    /// <c>Microsoft.Hosting.Lifetime</c>), as a <see cref="Stopwatch"/> timestamp read as the line
    /// arrived; null until then. A connect of the benchmark's own to the port can wait a long while
    /// after that, behind thousands of agents connecting at once.
    /// </summary>
    public long? SaidListeningAt => Interlocked.Read(ref saidListeningAt) is var at and > 0 ? at : null;

    /// <summary>Starts the process and, given a <paramref name="port"/>, waits until something listens on it.</summary>
    public static async Task<ChildProcess> StartAsync(string fileName, IEnumerable<string> arguments, int? port, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        ChildProcess? child = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && child is { output.Count: < 10_000 })
            {
                if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
                {
                    Interlocked.CompareExchange(ref child.saidListeningAt, Stopwatch.GetTimestamp(), 0);
                }

                child.output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                if (child is { errors.Count: < 10_000 })
                {
                    child.errors.Enqueue(e.Data);
                }

                Console.Error.WriteLine($"[{Path.GetFileName(fileName)}] {e.Data}");
            }
        };
        child = new ChildProcess(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (port is int listening)
        {
            await child.WaitForPortAsync(listening, TimeSpan.FromSeconds(120));
        }

        return child;
    }

    public ProcessMetrics Metrics() => ProcessMetrics.Of(process.Id);

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds} s.");
    }
}
