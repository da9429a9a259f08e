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

    /// <summary>
    /// The state last read or written, with the file's time and length then. The daemon looks at its
    /// state at every step of a deployment; read and parsed each time, that was a fifth of a
    /// simulated fleet's work in the second after a rollout. The file is still the truth: when
    /// another process (<c>fleetportal-agent enroll</c>) wrote it since, it is read again.
    /// </summary>
    private KnownState? known;

    public string Directory => options.StateDirectory;

    public string TokenPath => options.TokenFile ?? Path.Combine(options.StateDirectory, "token");

    public string StatePath => Path.Combine(options.StateDirectory, "state.json");

    public string RevisionDirectory(int revisionNumber) =>
        Path.Combine(options.StateDirectory, "revisions", revisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public AgentState Load()
    {
        lock (gate)
        {
            var file = new FileInfo(StatePath);
            if (!file.Exists)
            {
                return new AgentState();
            }

            if (known is { } last && last.WrittenAt == file.LastWriteTimeUtc && last.Length == file.Length)
            {
                return last.State;
            }

            var state = JsonSerializer.Deserialize(File.ReadAllText(StatePath), AgentStateJson.Default.AgentState) ?? new AgentState();
            known = new KnownState(state, file.LastWriteTimeUtc, file.Length);
            return state;
        }
    }

    public void Save(AgentState state)
    {
        lock (gate)
        {
            var (writtenAt, length) = WriteAtomically(StatePath, JsonSerializer.SerializeToUtf8Bytes(state, AgentStateJson.Default.AgentState), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            known = new KnownState(state, writtenAt, length);
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
        WriteAtomically(TokenPath, System.Text.Encoding.UTF8.GetBytes(token + "\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <summary>Writes the file whole or not at all; returns its time and length as written.</summary>
    public static (DateTime WrittenAt, long Length) WriteAtomically(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        DateTime writtenAt;
        using (var stream = CreateNew(temporary, directory, mode))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);

            // A rename keeps the file's time.
            writtenAt = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
        }

        File.Move(temporary, path, overwrite: true);
        return (writtenAt, content.Length);
    }

    /// <summary>
    /// Unbuffered: the content is written in one call. The directory is created only when missing:
    /// a simulated fleet writes thousands of states in the second after a rollout, and creating the
    /// directory, allocating a stream buffer and reading the file's time back by its path every
    /// time were about a third of those writes in a trace.
    /// </summary>
    private static FileStream CreateNew(string temporary, string directory, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            return new FileStream(temporary, options);
        }
        catch (DirectoryNotFoundException)
        {
            System.IO.Directory.CreateDirectory(directory);
            return new FileStream(temporary, options);
        }
    }

    private sealed record KnownState(AgentState State, DateTime WrittenAt, long Length);
}
