using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetPortal.Agent.Local;

/// <summary>The contract of the local socket's messages, generated at build time for the ahead-of-time compiled agent.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LocalMessage))]
[JsonSerializable(typeof(AgentStatus))]
internal sealed partial class LocalJsonContract : JsonSerializerContext;
