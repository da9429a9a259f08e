using System.Text.Json;
using System.Text.Json.Serialization;

namespace FleetPortal.Core.Protocol;

/// <summary>
/// The JSON contract of every message that crosses between portal and agent, generated at build
/// time: the agent is compiled ahead of time (Native AOT), where reflection cannot describe types.
/// Enums travel as their names ("Switch", "Deferred"), which agents in other languages read more
/// safely than numbers.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AgentHello))]
[JsonSerializable(typeof(AgentWelcome))]
[JsonSerializable(typeof(MachineState))]
[JsonSerializable(typeof(DeploymentAcknowledgement))]
[JsonSerializable(typeof(DeploymentDecision))]
[JsonSerializable(typeof(DeploymentStarted))]
[JsonSerializable(typeof(DeploymentLogBatch))]
[JsonSerializable(typeof(DeploymentResult))]
[JsonSerializable(typeof(DeskPackageRequest))]
[JsonSerializable(typeof(DeskRequestReceipt))]
[JsonSerializable(typeof(RebuildRequest))]
[JsonSerializable(typeof(DeploymentWithdrawal))]
[JsonSerializable(typeof(EnrolmentRequest))]
[JsonSerializable(typeof(EnrolmentReceipt))]
[JsonSerializable(typeof(BundleRequest))]
[JsonSerializable(typeof(BundleDownload))]
[JsonSerializable(typeof(List<DeskRequestStatus>))]
public sealed partial class AgentProtocolJson : JsonSerializerContext;
