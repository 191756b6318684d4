using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// free() or realloc() of a pointer the heap does not own: the allocator faults reading the chunk header
/// just below the pointer (<c>[p-8]</c> or <c>[p-16]</c>), and the pointer is unmapped, on a stack, or in
/// a module's data rather than in heap memory. (glibc's own "invalid pointer" aborts are read from
/// <c>__abort_msg</c> by <see cref="GlibcAbortRule"/>.)
/// </summary>
internal sealed class FreeConstraintRule : IAnalysisRule
{
    private static readonly string[] FreeFunctions =
    [
        "free", "__libc_free", "cfree", "realloc", "__libc_realloc", "_int_free", "_int_realloc", "munmap_chunk",
    ];

    public string Id => "free-constraints";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.FaultingThread is not { Frames.Count: > 0 } thread || context.Shape is not { FaultingAccess: { } access } shape)
        {
            return;
        }

        // The allocator function must be the faulting frame itself (or the first frames inlined into it).
        var index = FrameNames.IndexOf(thread, FreeFunctions);
        if (index < 0 || index > 2 || access.Displacement is not (-8 or -16) || access.BaseValue is not { } pointer)
        {
            return;
        }

        var mapping = context.Space.Find(pointer);
        string? owner = mapping switch
        {
            null => "is not mapped at all",
            _ when IsStackOfAnyThread(context, mapping) => $"is on a thread stack ({AddressSpace.Describe(mapping)})",
            { Path: { } path } when path != "[heap]" && !path.StartsWith('[') => $"points into {Path.GetFileName(path)}, a module's memory ({AddressSpace.Describe(mapping)})",
            _ when !AddressSpace.Allows(mapping, 'w') => $"is in non-writable memory ({AddressSpace.Describe(mapping)})",
            _ => null,
        };
        if (owner is null)
        {
            return;
        }

        var function = FrameNames.Describe(thread.Frames[index]);
        context.Findings.Classify(Classifiers.InvalidFree);
        context.Findings.Annotate(AnnotationLevel.Critical, "Invalid free",
            $"{function} was given the pointer 0x{pointer:x}, which the heap does not own: it {owner}. " +
            $"Reading its chunk header at 0x{pointer - (ulong)(-access.Displacement):x} faulted.",
            "analysis/" + Id, context.FaultTarget(index, pointer));
    }

    private static bool IsStackOfAnyThread(AnalysisContext context, MemoryMapping mapping) =>
        mapping.Path == "[stack]" || context.Snapshot.Threads.Exists(t =>
            t.Registers.TryGetValue("rsp", out var rsp) && rsp >= mapping.Start && rsp < mapping.End);
}
