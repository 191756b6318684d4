using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>Bytes copied from the process, with where they came from.</summary>
public sealed class MemoryRegion
{
    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong Address { get; set; }

    /// <summary>Permissions of the mapping the bytes came from, as in <c>/proc/PID/maps</c>.</summary>
    public string? Permissions { get; set; }

    /// <summary>Why it was captured: <c>stack</c>, <c>fault</c>, <c>register</c>, <c>global:NAME</c>, ...</summary>
    public string? Label { get; set; }

    /// <summary>The bytes, base64 in JSON.</summary>
    public byte[] Bytes { get; set; } = [];
}
