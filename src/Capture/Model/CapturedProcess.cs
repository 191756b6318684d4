using Backtrace.Snapshots.Model;

namespace Backtrace.Capture.Model;

/// <summary>
/// Everything a front end copied out of a process (live, core file or core stream), in OS-neutral form.
/// Unwinding, symbolization and the snapshot are built from this copy only, never from the OS.
/// </summary>
public sealed class CapturedProcess : IDisposable
{
    /// <summary>Front end that produced it: <c>live</c>, <c>core</c> or <c>core_pattern</c>.</summary>
    public required string Source { get; init; }

    public int Pid { get; set; }

    public List<CapturedThread> Threads { get; } = [];

    /// <summary>The memory map. For cores, the PT_LOAD ranges annotated with NT_FILE paths.</summary>
    public List<MemoryMapping> Mappings { get; } = [];

    public CapturedMemory Memory { get; } = new();

    /// <summary>Named ranges of <see cref="Memory"/> that go into the snapshot (stacks, fault, registers).</summary>
    public List<LabelledRange> SnapshotRanges { get; } = [];

    /// <summary>The auxiliary vector (type, value pairs).</summary>
    public List<(ulong Type, ulong Value)> Auxv { get; } = [];

    public CapturedFault? Fault { get; set; }

    /// <summary>Process identity and /proc facts; partially filled for cores.</summary>
    public SnapshotProcess Process { get; } = new();

    /// <summary>Statistics and environment variables, when the process was live to read them.</summary>
    public SnapshotEnvironment? Environment { get; set; }

    public SnapshotHost? Host { get; set; }

    /// <summary>When the crash happened, if the source knows (core_pattern <c>%t</c>), else the capture time.</summary>
    public DateTimeOffset Timestamp { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>How long the target was stopped (live capture), in microseconds.</summary>
    public long? StopMicroseconds { get; set; }

    /// <summary>What could not be captured, and why.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Files that module reads should use instead of the mapped path (e.g. <c>--exe</c> for a core).</summary>
    public Dictionary<string, string> FileOverrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources (mapped core files) that live as long as the capture.</summary>
    public List<IDisposable> Resources { get; } = [];

    /// <summary>Releases the mapped files the capture reads from.</summary>
    public void Dispose()
    {
        foreach (var resource in Resources)
        {
            resource.Dispose();
        }

        Resources.Clear();
    }
}
