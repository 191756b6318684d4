namespace Backtrace.Unwinding.Target;

/// <summary>
/// The captured process as the unwinder sees it: its memory, its memory map and its modules. Front ends
/// (a live process copied under ptrace, an ELF core file, a streamed core) implement it; the unwinder never
/// touches the operating system. Implementations must be safe to call from one thread at a time; they are
/// not required to be thread-safe.
/// </summary>
public interface ITargetProcess
{
    /// <summary>
    /// Copies <paramref name="destination"/>.Length bytes of the target's memory starting at
    /// <paramref name="address"/>. Returns false, leaving <paramref name="destination"/> unspecified, when any
    /// byte of the range was not captured or is not mapped. Must not throw for any address or length.
    /// </summary>
    bool TryReadMemory(ulong address, Span<byte> destination);

    /// <summary>The memory map, sorted by <see cref="MappedRegion.Start"/>, regions not overlapping.</summary>
    IReadOnlyList<MappedRegion> Mappings { get; }

    /// <summary>
    /// The loaded objects (executable, shared libraries, vDSO). Use <see cref="TargetModule.ListFromMappings"/>
    /// when the front end knows nothing better than the memory map.
    /// </summary>
    IReadOnlyList<TargetModule> Modules { get; }
}
