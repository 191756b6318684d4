namespace Backtrace.Unwinding.Target;

/// <summary>
/// A ready <see cref="ITargetProcess"/> over copied memory and a known memory map: what a front end holds after it
/// released the target. Reads fall through to <see cref="Fallback"/> (for example a core file's segments) when the
/// copied blocks do not cover a range.
/// </summary>
public sealed class CapturedProcess : ITargetProcess
{
    /// <summary>Creates the process view. <paramref name="mappings"/> is sorted here if it is not already.</summary>
    /// <param name="memory">Copied memory.</param>
    /// <param name="mappings">The memory map.</param>
    /// <param name="modules">The modules; null to derive them from <paramref name="mappings"/>.</param>
    public CapturedProcess(CapturedMemory memory, IEnumerable<MappedRegion> mappings, IEnumerable<TargetModule>? modules = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(mappings);
        Memory = memory;
        var sorted = new List<MappedRegion>(mappings);
        sorted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        Mappings = sorted;
        Modules = modules is null ? TargetModule.ListFromMappings(sorted) : new List<TargetModule>(modules);
    }

    /// <summary>The copied memory.</summary>
    public CapturedMemory Memory { get; }

    /// <summary>Optional second source of memory, consulted when <see cref="Memory"/> lacks a range.</summary>
    public MemoryReader? Fallback { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<MappedRegion> Mappings { get; }

    /// <inheritdoc />
    public IReadOnlyList<TargetModule> Modules { get; }

    /// <inheritdoc />
    public bool TryReadMemory(ulong address, Span<byte> destination) =>
        Memory.TryRead(address, destination) || (Fallback is { } fallback && fallback(address, destination));
}
