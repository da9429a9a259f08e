using System.Text.Json;
using FleetPortal.Agent.Configuration;

namespace FleetPortal.Agent.State;

/// <summary>
/// The state directory: the host token (mode 0600) and <c>state.json</c>. Every write goes to a
/// temporary file that is flushed and then renamed over the old one, so a crash leaves either the
/// old or the new state, never half of one.
/// </summary>
public sealed class AgentStateStore(AgentOptions options)
{
    private readonly Lock gate = new();

    public string Directory => options.StateDirectory;

    public string TokenPath => options.TokenFile ?? Path.Combine(options.StateDirectory, "token");

    public string StatePath => Path.Combine(options.StateDirectory, "state.json");

    public string RevisionDirectory(int revisionNumber) =>
        Path.Combine(options.StateDirectory, "revisions", revisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public AgentState Load()
    {
        lock (gate)
        {
            return File.Exists(StatePath)
                ? JsonSerializer.Deserialize(File.ReadAllText(StatePath), AgentStateJson.Default.AgentState) ?? new AgentState()
                : new AgentState();
        }
    }

    public void Save(AgentState state)
    {
        lock (gate)
        {
            WriteAtomically(StatePath, JsonSerializer.Serialize(state, AgentStateJson.Default.AgentState), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Loads, changes and saves the state as one step.</summary>
    public AgentState Update(Func<AgentState, AgentState> change)
    {
        lock (gate)
        {
            var state = change(Load());
            Save(state);
            return state;
        }
    }

    public string? ReadToken() => File.Exists(TokenPath) ? File.ReadAllText(TokenPath).Trim() is { Length: > 0 } token ? token : null : null;

    /// <summary>The host token, readable by the agent's user (root) only.</summary>
    public void WriteToken(string token) =>
        WriteAtomically(TokenPath, token + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

    public static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        System.IO.Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temporary, streamOptions))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
