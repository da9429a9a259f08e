using System.Diagnostics;

namespace FleetPortal.Agent.Rebuilds;

/// <summary>Runs a program and hands each line of its output (stdout and stderr) over as it is written.</summary>
public static class ProcessLines
{
    public static async Task<int> RunAsync(string executable, IEnumerable<string> arguments, Action<string> output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new RebuildException($"Cannot run {executable}: {exception.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);

        // WaitForExitAsync returns once the streams are drained, so every line was handed over.
        return process.ExitCode;
    }
}
