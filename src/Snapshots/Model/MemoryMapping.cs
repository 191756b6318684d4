using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>One line of the memory map: an address range, its permissions and what backs it.</summary>
public sealed class MemoryMapping
{
    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong Start { get; set; }

    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong End { get; set; }

    /// <summary>Permissions as in <c>/proc/PID/maps</c>: <c>r-xp</c>, <c>rw-s</c>, ...</summary>
    public string Permissions { get; set; } = "";

    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong Offset { get; set; }

    /// <summary>Backing file, or a pseudo-name such as <c>[stack]</c>, <c>[heap]</c>, <c>[vdso]</c>; null when anonymous.</summary>
    public string? Path { get; set; }
}
