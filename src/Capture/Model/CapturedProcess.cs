using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Target;

namespace Backtrace.Capture.Model;

/// <summary>
/// Everything a front end copied out of a process (live, core file or core stream), in OS-neutral form.
/// Unwinding, symbolization and the snapshot are built from this copy only, never from the OS: it is the
/// unwinder's <see cref="ITargetProcess"/>.
/// </summary>
public sealed class CapturedProcess : ITargetProcess, IDisposable
{
    private List<MappedRegion>? _regions;
    private List<TargetModule>? _modules;

    /// <summary>Front end that produced it: <c>live</c>, <c>core</c> or <c>core_pattern</c>.</summary>
    public required string Source { get; init; }

    public int Pid { get; set; }

    public List<CapturedThread> Threads { get; } = [];

    /// <summary>The memory map. For cores, the PT_LOAD ranges annotated with NT_FILE paths.</summary>
    public List<MemoryMapping> Mappings { get; } = [];

    public ProcessMemory Memory { get; } = new();

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

    /// <summary>The memory map as the unwinder sees it (built on first use, after the front end is done).</summary>
    IReadOnlyList<MappedRegion> ITargetProcess.Mappings => _regions ??= BuildRegions();

    /// <summary>Modules grouped from the map, with build-ids read from the captured first pages.</summary>
    public IReadOnlyList<TargetModule> Modules => _modules ??= ModuleList.Build(((ITargetProcess)this).Mappings, Memory);

    /// <inheritdoc />
    public bool TryReadMemory(ulong address, Span<byte> destination) => Memory.TryRead(address, destination);

    private List<MappedRegion> BuildRegions()
    {
        var regions = new List<MappedRegion>(Mappings.Count);
        foreach (var mapping in Mappings)
        {
            var permissions = RegionPermissions.None;
            var text = mapping.Permissions;
            if (text.Length >= 4)
            {
                permissions |= text[0] == 'r' ? RegionPermissions.Read : 0;
                permissions |= text[1] == 'w' ? RegionPermissions.Write : 0;
                permissions |= text[2] == 'x' ? RegionPermissions.Execute : 0;
                permissions |= text[3] == 's' ? RegionPermissions.Shared : 0;
            }

            regions.Add(new MappedRegion(mapping.Start, mapping.End, mapping.Offset, permissions, mapping.Path));
        }

        regions.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return regions;
    }

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
