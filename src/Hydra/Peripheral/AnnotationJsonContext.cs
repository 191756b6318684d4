using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backtrace.Hydra.Peripheral;

/// <summary>Indented JSON for annotation bodies, without reflection.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AnnotationJsonContext : JsonSerializerContext;
