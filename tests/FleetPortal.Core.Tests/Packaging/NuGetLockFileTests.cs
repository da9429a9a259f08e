using System.Diagnostics;
using System.Text.Json;
using FleetPortal.Core.Tests.Nix;

namespace FleetPortal.Core.Tests.Packaging;

public sealed class NuGetLockFileTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    [Fact]
    public async Task TheCommittedLockFile_IsWhatTheScriptGeneratesNow()
    {
        var fresh = Path.Combine(scratch.Path, "deps.json");
        var script = RepositoryRoot.File("nix", "update-deps.sh");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(fresh);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"nix/update-deps.sh failed ({process.ExitCode}):\n{await output}\n{await error}");

        var committed = File.ReadAllText(RepositoryRoot.File("nix", "deps.json"));
        Assert.True(
            committed == File.ReadAllText(fresh),
            "nix/deps.json is out of date with the packages the portal and the agent restore: run nix/update-deps.sh and commit the result.");
    }

    [Fact]
    public void TheCommittedLockFile_ListsEveryPackageOnceWithAnSriHash()
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("nix", "deps.json")));
        var entries = lockFile.RootElement.EnumerateArray().ToList();

        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.Equal(["pname", "version", "hash"], entry.EnumerateObject().Select(p => p.Name));
            Assert.Matches("^sha256-[A-Za-z0-9+/]{43}=$", entry.GetProperty("hash").GetString());
        });
        var keys = entries.Select(e => $"{e.GetProperty("pname").GetString()!.ToLowerInvariant()}/{e.GetProperty("version").GetString()}").ToList();
        Assert.Equal(keys.Distinct().Count(), keys.Count);
        Assert.Contains(entries, e => e.GetProperty("pname").GetString() == "Microsoft.EntityFrameworkCore.Sqlite");
        Assert.Contains(entries, e => e.GetProperty("pname").GetString() == "Microsoft.AspNetCore.SignalR.Client");
    }

    public void Dispose() => scratch.Dispose();
}
