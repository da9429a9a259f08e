using System.Diagnostics;

namespace FleetPortal.Agent.Tests.Infrastructure;

/// <summary>A private D-Bus session bus (a real <c>dbus-daemon</c>), ended with the test.</summary>
public sealed class SessionBus : IAsyncDisposable
{
    private readonly Process daemon;

    private SessionBus(Process daemon, string address)
    {
        this.daemon = daemon;
        Address = address;
    }

    public string Address { get; }

    public static async Task<SessionBus> StartAsync()
    {
        var start = new ProcessStartInfo("dbus-daemon") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--session", "--nofork", "--print-address=1" })
        {
            start.ArgumentList.Add(argument);
        }

        var daemon = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var address = await daemon.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("dbus-daemon printed no address.");
        return new SessionBus(daemon, address.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (!daemon.HasExited)
        {
            daemon.Kill();
        }

        await daemon.WaitForExitAsync();
        daemon.Dispose();
    }
}
