using System.Text.Json.Serialization;
using Backtrace.Snapshots.Json;

namespace Backtrace.Snapshots.Model;

/// <summary>One thread of the process and its unwound stack, innermost frame first.</summary>
public sealed class SnapshotThread
{
    public long Tid { get; set; }
    public string? Name { get; set; }

    /// <summary>Scheduler state: running, sleeping, disk, stopped, traced, zombie, dead, idle or unknown.</summary>
    public string? State { get; set; }

    /// <summary>True for the thread the fault happened on.</summary>
    public bool Faulted { get; set; }

    /// <summary>Register values at capture time, keyed by lower-case register name (<c>rip</c>, <c>rsp</c>, ...).</summary>
    [JsonConverter(typeof(HexRegisterMapConverter))]
    public Dictionary<string, ulong> Registers { get; set; } = [];

    public List<SnapshotFrame> Frames { get; set; } = [];

    /// <summary>The thread's kernel stack (<c>/proc/PID/task/TID/stack</c>), one line per frame, where readable.</summary>
    public List<string>? KernelStack { get; set; }
}
