using System.Text.Json;

namespace FleetPortal.Agent.Local;

/// <summary>How messages are written on the local socket: one compact JSON object per line.</summary>
public static class LocalJson
{
    public static string Write(LocalMessage message) => JsonSerializer.Serialize(message, LocalJsonContract.Default.LocalMessage);

    public static string Write(AgentStatus status) => JsonSerializer.Serialize(status, LocalJsonContract.Default.AgentStatus);

    public static LocalMessage? Read(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, LocalJsonContract.Default.LocalMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
