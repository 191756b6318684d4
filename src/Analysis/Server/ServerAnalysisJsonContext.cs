using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Analysis.Server;

/// <summary>Source-generated serialization of <see cref="ServerAnalysis"/> (no reflection: the agent links this library with NativeAOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = SnapshotJson.MaxDepth)]
[JsonSerializable(typeof(ServerAnalysis))]
internal sealed partial class ServerAnalysisJsonContext : JsonSerializerContext;
