using Backtrace.Analysis.Linux;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// A memory fault inside the allocator's own code (glibc's <c>_int_malloc</c>, <c>_int_free</c>,
/// <c>malloc_consolidate</c>, <c>unlink_chunk</c>, ...; jemalloc's internals) means its metadata was
/// corrupted earlier by some other write: the crashing code is the victim, not the culprit.
/// </summary>
internal sealed class AllocatorVictimRule : IAnalysisRule
{
    private static readonly string[] GlibcInternals =
    [
        "_int_malloc", "_int_free", "_int_realloc", "_int_memalign", "malloc_consolidate", "unlink_chunk",
        "sysmalloc", "tcache_get", "tcache_put", "tcache_init", "malloc", "__libc_malloc", "free", "__libc_free",
        "realloc", "__libc_realloc", "calloc", "__libc_calloc", "cfree", "malloc_printerr",
    ];

    /// <summary>Only the innermost frames count: the fault must happen in allocator code, not below it.</summary>
    private const int InnermostFrames = 3;

    public string Id => "allocator-victim";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.FaultingThread is not { Frames.Count: > 0 } thread || context.Findings.Has(Classifiers.InvalidFree) ||
            context.Findings.Has(Classifiers.StackOverflow))
        {
            return;
        }

        var frame = thread.Frames[0];
        var inAllocator = FrameNames.Is(frame, GlibcInternals) || IsJemallocInternal(frame);
        if (!inAllocator)
        {
            return;
        }

        // The outermost allocator frame is the entry point the program called.
        var entry = 0;
        for (var i = 1; i < Math.Min(thread.Frames.Count, InnermostFrames + 4); i++)
        {
            if (FrameNames.Is(thread.Frames[i], GlibcInternals) || IsJemallocInternal(thread.Frames[i]))
            {
                entry = i;
            }
        }

        var caller = entry + 1 < thread.Frames.Count ? $" called from {FrameNames.Describe(thread.Frames[entry + 1])}" : "";
        context.Findings.Classify(Classifiers.HeapCorruptionVictim);
        context.Findings.Classify(Classifiers.HeapCorruption);
        context.Findings.Annotate(AnnotationLevel.Critical, "Heap corruption (victim)",
            $"The crash is inside the allocator ({FrameNames.Describe(frame)}, via {FrameNames.Describe(thread.Frames[entry])}{caller}): " +
            "its metadata was corrupted earlier by an out-of-bounds write, a use after free or a double free elsewhere. " +
            "This code is the victim, not the culprit; a memory checker (valgrind, ASan) finds the culprit.",
            "analysis/" + Id, context.FaultTarget(0));
    }

    private static bool IsJemallocInternal(SnapshotFrame frame) =>
        frame.Module?.Contains("libjemalloc", StringComparison.Ordinal) == true;
}
