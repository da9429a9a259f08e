using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FleetPortal.Agent.Local;

/// <summary>Who is at the other end of a local socket, as the kernel says (SO_PEERCRED): it cannot be forged by the client.</summary>
public sealed record PeerCredentials(int ProcessId, int UserId, int GroupId)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> credentials = stackalloc byte[12];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
        if (length < 12)
        {
            return null;
        }

        var values = MemoryMarshal.Cast<byte, int>(credentials);
        return new PeerCredentials(values[0], values[1], values[2]);
    }

    /// <summary>The login name of <see cref="UserId"/> from <c>/etc/passwd</c>, or <c>uid N</c>.</summary>
    public string UserName()
    {
        var uid = UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (File.Exists("/etc/passwd"))
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == uid)
                {
                    return fields[0];
                }
            }
        }

        return "uid " + uid;
    }
}
