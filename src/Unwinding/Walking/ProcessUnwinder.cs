using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>
/// Unwinds and symbolizes the threads of one captured process. Create one per snapshot: it resolves the target's
/// modules against the <see cref="ModuleCache"/> once and reuses them for every thread. Not thread-safe; the cache
/// it uses may be shared by several unwinders.
/// </summary>
public sealed class ProcessUnwinder
{
    /// <summary>Creates an unwinder; <paramref name="options"/> are validated here.</summary>
    public ProcessUnwinder(ITargetProcess target, ModuleCache cache, StackWalkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cache);
        Target = target;
        Cache = cache;
        Options = options ?? new StackWalkOptions();
        Options.Validate();
    }

    /// <summary>The process being unwound.</summary>
    public ITargetProcess Target { get; }

    /// <summary>The module cache images come from.</summary>
    public ModuleCache Cache { get; }

    /// <summary>The options in force.</summary>
    public StackWalkOptions Options { get; }

    /// <summary>Every target module matched with its image (opened on first use of this property or of a walk).</summary>
    public IReadOnlyList<ResolvedModule> Modules => throw new NotImplementedException();

    /// <summary>
    /// Walks one thread from its registers: CFI first, then the frame-pointer chain, then a stack scan; each frame
    /// labelled with how it was found. Never throws for any register values or memory contents.
    /// </summary>
    public StackWalkResult Walk(in X64RegisterSet registers) => throw new NotImplementedException();

    /// <summary>
    /// Describes an address: module, offset, function, source line and inlined callers, innermost first. Pass
    /// <paramref name="isReturnAddress"/> to look up <c>address - 1</c> (the call instruction) for lines and inlines.
    /// </summary>
    public List<SnapshotFrame> Symbolize(ulong address, bool isReturnAddress = false) => throw new NotImplementedException();

    /// <summary>Finds a symbol by exact (mangled) name in any module; returns its target address and size.</summary>
    public bool TryFindSymbol(string name, out ulong address, out ulong size) => throw new NotImplementedException();
}
