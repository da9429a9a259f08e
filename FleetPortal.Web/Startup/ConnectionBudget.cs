using System.Globalization;

namespace FleetPortal.Web.Startup;

/// <summary>
/// How many connections the portal accepts, from the process's limit of open files. Every
/// connection is a file descriptor; a process that runs out of them cannot open its database, and
/// the .NET runtime, unable to read /proc/meminfo for the garbage collector, ends with
/// "Out of memory.". Past the budget Kestrel closes a new connection at once: the agent retries
/// with backoff, and the process keeps serving the connections it holds.
/// </summary>
public sealed record ConnectionBudget(long Upgraded, long Plain)
{
    /// <summary>Descriptors kept for everything that is not a client connection: the database, assemblies, logs, pipes.</summary>
    public const long ReservedFiles = 512;

    /// <summary>
    /// The budget for a limit of <paramref name="openFiles"/>: three quarters of the rest for
    /// upgraded connections (agents' and browsers' WebSockets), which stay open, and a quarter for
    /// plain HTTP requests (bundle downloads, pages, the API), which come and go.
    /// </summary>
    public static ConnectionBudget? For(long? openFiles)
    {
        if (openFiles is not { } files || files <= 2 * ReservedFiles)
        {
            return null;
        }

        var sockets = files - ReservedFiles;
        var upgraded = sockets * 3 / 4;
        return new ConnectionBudget(upgraded, sockets - upgraded);
    }

    /// <summary>The soft limit of open files of this process, from /proc/self/limits; null where there is none to read.</summary>
    public static long? OpenFileLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path))
        {
            return null;
        }

        // "Max open files            20000                20000                files"
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }
}
