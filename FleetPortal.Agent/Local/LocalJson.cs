using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetPortal.Agent.Local;

/// <summary>How messages are written on the local socket: one compact JSON object per line.</summary>
public static class LocalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(LocalMessage message) => JsonSerializer.Serialize(message, Options);

    public static LocalMessage? Read(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalMessage>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
