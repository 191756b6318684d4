using System.Text.Json.Serialization;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Json;

/// <summary>
/// Source-generated serialization for the snapshot model: no reflection, so the NativeAOT agent
/// and the server share one implementation. Field names are snake_case; nulls are omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = SnapshotJson.MaxDepth)]
[JsonSerializable(typeof(Snapshot))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
