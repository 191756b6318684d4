using Backtrace.Dwarf.Cfi;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>
/// Unwinds and symbolizes the threads of one captured process. Create one per snapshot: it resolves the target's
/// modules against the <see cref="ModuleCache"/> once (lazily, as frames hit them) and reuses them for every thread.
/// Not thread-safe; the cache it uses may be shared by several unwinders.
/// </summary>
public sealed class ProcessUnwinder
{
    private readonly ModuleMap _map;
    private readonly FrameSymbolizer _symbolizer;

    /// <summary>Creates an unwinder; <paramref name="options"/> are validated here.</summary>
    public ProcessUnwinder(ITargetProcess target, ModuleCache cache, StackWalkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(cache);
        Target = target;
        Cache = cache;
        Options = options ?? new StackWalkOptions();
        Options.Validate();
        _map = new ModuleMap(target, cache);
        _symbolizer = new FrameSymbolizer(Options);
    }

    /// <summary>The process being unwound.</summary>
    public ITargetProcess Target { get; }

    /// <summary>The module cache images come from.</summary>
    public ModuleCache Cache { get; }

    /// <summary>The options in force.</summary>
    public StackWalkOptions Options { get; }

    /// <summary>Every target module matched with its image, sorted by address (all are resolved on first use of this property).</summary>
    public IReadOnlyList<ResolvedModule> Modules
    {
        get
        {
            var modules = new ResolvedModule[_map.Count];
            for (var i = 0; i < modules.Length; i++)
            {
                modules[i] = _map.Resolve(i);
            }

            return modules;
        }
    }

    /// <summary>
    /// Walks one thread from its registers: CFI first, then the frame-pointer chain, then a stack scan; each frame
    /// labelled with how it was found. Never throws for any register values or memory contents.
    /// </summary>
    public StackWalkResult Walk(in X64RegisterSet registers)
    {
        var frames = new List<SnapshotFrame>();
        if (!registers.IsKnown(X64Register.Rip) || !registers.IsKnown(X64Register.Rsp))
        {
            return new StackWalkResult(frames, StackWalkEnd.NoContext, "the register set lacks rip or rsp");
        }

        var current = registers;
        var trust = FrameTrust.Context;
        var activation = true;
        var heuristic = false;
        while (true)
        {
            var pc = current.Rip;
            var sp = current.Rsp;

            // A return address points after the call; pc - 1 is inside it. The interrupted pc of a signal (or the first
            // frame) is the faulting instruction itself and must not be moved.
            var lookupPc = activation ? pc : pc - 1;
            var module = _map.Find(lookupPc);
            CfiRow row = default;
            string? cfiError = null;
            var haveRow = module?.Image is { } image && image.CallFrameInfo.TryGetRow(lookupPc - module.LoadBias, Options.MaxCfiInstructions, out row, out cfiError);
            var isSignal = haveRow ? row.IsSignalFrame : SignalFrame.IsTrampoline(_map, pc);
            _symbolizer.Append(frames, module, pc, isSignal ? pc : lookupPc, sp, trust, in current, recordRegisters: true);
            if (frames.Count >= Options.MaxFrames)
            {
                frames.RemoveRange(Options.MaxFrames, frames.Count - Options.MaxFrames);
                return new StackWalkResult(frames, StackWalkEnd.FrameLimit, $"stopped after {Options.MaxFrames} frames (StackWalkOptions.MaxFrames)");
            }

            var outcome = StepOutcome.Failed;
            X64RegisterSet caller = default;
            var callerTrust = FrameTrust.Cfi;
            if (haveRow)
            {
                outcome = CfiStep.TryStep(in row, in current, Target, Options.MaxExpressionSteps, out caller, out cfiError);
                callerTrust = isSignal ? FrameTrust.Context : FrameTrust.Cfi;
                if (outcome == StepOutcome.EndOfStack)
                {
                    return new StackWalkResult(frames, StackWalkEnd.EndOfStack, null);
                }

                if (outcome == StepOutcome.Found && !isSignal && caller.Rsp <= sp)
                {
                    cfiError = $"CFI of pc 0x{pc:x} gives a caller stack pointer 0x{caller.Rsp:x} that is not above 0x{sp:x}";
                    outcome = StepOutcome.Failed;
                }
            }
            else if (isSignal && SignalFrame.TryRestore(Target, sp, out caller))
            {
                outcome = StepOutcome.Found;
                callerTrust = FrameTrust.Context;
            }

            if (outcome != StepOutcome.Found)
            {
                if (HeuristicSteps.TryFramePointer(_map, Target, in current, out caller))
                {
                    callerTrust = FrameTrust.FramePointer;
                }
                else if (Options.StackScan
                    && HeuristicSteps.TryScan(_map, Target, in current, heuristic ? Options.MaxScanWordsAfterHeuristicFrame : Options.MaxScanWords, out caller))
                {
                    callerTrust = FrameTrust.Scan;
                }
                else
                {
                    return new StackWalkResult(frames, StackWalkEnd.Lost, DescribeLoss(pc, module, haveRow, cfiError));
                }
            }

            if (caller.Rip == pc && caller.Rsp == sp)
            {
                return new StackWalkResult(frames, StackWalkEnd.NoProgress, $"the caller of pc 0x{pc:x} has the same pc and stack pointer (a frame loop)");
            }

            if (caller.Rip == 0)
            {
                return new StackWalkResult(frames, StackWalkEnd.EndOfStack, null);
            }

            activation = isSignal;
            heuristic = callerTrust is FrameTrust.FramePointer or FrameTrust.Scan;
            trust = callerTrust;
            current = caller;
        }
    }

    /// <summary>
    /// Describes an address: module, offset, function, source line and inlined callers, innermost first. Pass
    /// <paramref name="isReturnAddress"/> to look up <c>address - 1</c> (the call instruction) for lines and inlines.
    /// </summary>
    public List<SnapshotFrame> Symbolize(ulong address, bool isReturnAddress = false)
    {
        var frames = new List<SnapshotFrame>();
        var lookup = isReturnAddress && address > 0 ? address - 1 : address;
        _symbolizer.Append(frames, _map.Find(lookup), address, lookup, null, null, default, recordRegisters: false);
        return frames;
    }

    /// <summary>
    /// Loads what a walk through the innermost frame at <paramref name="pc"/> needs (module image, unwind table row,
    /// symbol, source line and inlined calls) into the shared <see cref="ModuleCache"/>, without walking: another
    /// thread can warm the cache for a walk to come. Never throws for any address.
    /// </summary>
    public void Prepare(ulong pc)
    {
        if (_map.Find(pc) is not { Image: { } image } module)
        {
            return;
        }

        image.CallFrameInfo.TryGetRow(pc - module.LoadBias, Options.MaxCfiInstructions, out _, out _);
        _symbolizer.Append([], module, pc, pc, null, null, default, recordRegisters: false);
    }

    /// <summary>Finds a symbol by exact (mangled) name in any module; returns its target address and size.</summary>
    public bool TryFindSymbol(string name, out ulong address, out ulong size)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _map.Count; i++)
        {
            var module = _map.Resolve(i);
            if (module.Image is { } image && image.TryFindSymbolByName(name, out var symbol))
            {
                address = symbol.Address + module.LoadBias;
                size = symbol.Size;
                return true;
            }
        }

        address = 0;
        size = 0;
        return false;
    }

    private static string DescribeLoss(ulong pc, ResolvedModule? module, bool haveRow, string? cfiError)
    {
        var where = module is null ? "no module" : module.Image is null ? $"{module.Target.Path}, not loaded: {module.Problem}" : module.Target.Path;
        var cfi = cfiError ?? (haveRow ? "CFI failed" : "no CFI entry covers it");
        return $"no caller found for pc 0x{pc:x} ({where}): {cfi}; neither the frame pointer nor a stack scan found a plausible return address";
    }
}
