using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>One frame of a thread's stack.</summary>
public sealed class SnapshotFrame
{
    /// <summary>Program counter: the instruction address of this frame (a return address for callers).</summary>
    [JsonConverter(typeof(HexUInt64Converter))]
    public ulong Pc { get; set; }

    /// <summary>Stack pointer of this frame.</summary>
    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? Sp { get; set; }

    /// <summary>Path or name of the module containing <see cref="Pc"/>.</summary>
    public string? Module { get; set; }

    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? ModuleOffset { get; set; }

    /// <summary>Symbol name as found (possibly mangled-then-demangled); null when no symbol covers the pc.</summary>
    public string? Function { get; set; }

    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? FunctionOffset { get; set; }

    public string? File { get; set; }
    public int? Line { get; set; }
    public int? Column { get; set; }

    /// <summary>True for a frame of a function inlined into the next (outer) frame, which shares its pc.</summary>
    public bool Inlined { get; set; }

    /// <summary>How the unwinder found this frame; null for frames a client library reported.</summary>
    public FrameTrust? Trust { get; set; }

    /// <summary>Registers the unwinder recovered for this frame (callee-saved ones that CFI restores, plus pc/sp).</summary>
    [JsonConverter(typeof(HexRegisterMapNullableConverter))]
    public Dictionary<string, ulong>? Registers { get; set; }

    /// <summary>Local variables and parameters, when the capture could read them.</summary>
    public List<SnapshotVariable>? Variables { get; set; }
}
