using System.Diagnostics;
using System.Text.Json;

namespace FleetPortal.Core.Tests.Nix;

/// <summary>
/// The one way the tests run the real Nix evaluator. Offline: the dummy store means nothing is
/// built or fetched, so it works as root and as any other user.
/// </summary>
public static class NixInstantiate
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Fails the test (never skips it) with the reason when the file does not parse.</summary>
    public static void AssertParses(string file)
    {
        var result = Run(["--parse", file]);
        Assert.True(result.ExitCode == 0, $"nix-instantiate --parse {file} failed:\n{result.Error}\n--- file ---\n{File.ReadAllText(file)}");
    }

    /// <summary>Evaluates <paramref name="expression"/> strictly in <paramref name="directory"/> and returns its JSON.</summary>
    public static JsonElement EvalJson(string expression, string directory)
    {
        var result = Run(["--eval", "--strict", "--json", "-E", expression], directory);
        Assert.True(result.ExitCode == 0, $"nix-instantiate --eval failed ({result.ExitCode}):\n{result.Error}\n--- expression ---\n{expression}");
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    /// <summary>Evaluates and returns the process result as it is, for tests that expect a failure.</summary>
    public static NixResult TryEval(string expression, string directory) =>
        Run(["--eval", "--strict", "--json", "-E", expression], directory);

    public static NixResult Run(IReadOnlyList<string> arguments, string? directory = null)
    {
        var start = new ProcessStartInfo("nix-instantiate")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory ?? Directory.GetCurrentDirectory(),
        };
        // The dummy store keeps evaluation offline and needs no Nix daemon; an empty build group
        // silences the warning about the missing nixbld group when running as root.
        foreach (var argument in (string[])["--store", "dummy://", "--option", "build-users-group", "", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("nix-instantiate did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "nix-instantiate was not found on PATH. These tests run the real Nix evaluator: install the Debian package nix-bin (./test.sh does).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"nix-instantiate {string.Join(' ', arguments)} did not finish within {Limit}.");
            }

            return new NixResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
