using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>The signal that ended (or stopped) the process, as the kernel reported it.</summary>
public sealed class SnapshotFault
{
    /// <summary>Signal number on the capturing OS.</summary>
    public int Signal { get; set; }

    /// <summary>Portable signal name (<c>SIGSEGV</c>), so readers need not know each OS's numbering.</summary>
    public string? SignalName { get; set; }

    /// <summary>Raw <c>si_code</c>.</summary>
    public int Code { get; set; }

    /// <summary>Symbolic <c>si_code</c> (<c>SEGV_MAPERR</c>, <c>SI_USER</c>, ...).</summary>
    public string? CodeName { get; set; }

    /// <summary>The faulting address (<c>si_addr</c>) for memory and arithmetic faults.</summary>
    [JsonConverter(typeof(HexUInt64NullableConverter))]
    public ulong? Address { get; set; }

    /// <summary>Process that sent the signal, when it came from another process (<c>si_pid</c>).</summary>
    public int? SenderPid { get; set; }

    public int? SenderUid { get; set; }

    /// <summary>The thread that received the fault.</summary>
    public long? ThreadId { get; set; }
}
