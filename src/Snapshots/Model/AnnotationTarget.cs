using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>The thread, frame or address an annotation refers to.</summary>
public sealed class AnnotationTarget
{
    public long? ThreadId { get; set; }

    /// <summary>Index into the thread's frames, innermost first.</summary>
    public int? FrameIndex { get; set; }

    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? Address { get; set; }
}
