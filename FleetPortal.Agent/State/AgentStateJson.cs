using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetPortal.Agent.State;

/// <summary>The contract of <c>state.json</c>, generated at build time for the ahead-of-time compiled agent.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(AgentState))]
internal sealed partial class AgentStateJson : JsonSerializerContext;
