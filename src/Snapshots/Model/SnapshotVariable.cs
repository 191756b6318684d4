using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>A variable visible in a frame (a local, a parameter, a captured stack slot) or a requested global.</summary>
public sealed class SnapshotVariable
{
    public string Name { get; set; } = "";
    public string? Type { get; set; }

    /// <summary>The value rendered as text, or null when optimized out or unreadable.</summary>
    public string? Value { get; set; }

    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? Address { get; set; }
}
