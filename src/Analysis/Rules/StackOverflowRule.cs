using Backtrace.Analysis.Linux;
using Backtrace.Analysis.Memory;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>
/// A fault in or near the guard region below the faulting thread's stack, or a stack pointer at or past the
/// low end of its mapping, is a stack overflow; a recursion cycle in the frames corroborates it and is
/// collapsed in the annotation (native-capture §3.3).
/// </summary>
internal sealed class StackOverflowRule : IAnalysisRule
{
    /// <summary>The kernel keeps <c>stack_guard_gap</c> (256 pages by default) free below a growing main stack.</summary>
    public const ulong MainStackGuardGap = 256 * AddressSpace.PageSize;

    /// <summary>How far below the stack pointer a fault still counts as the stack's own (a large frame or alloca).</summary>
    public const ulong FrameReach = 64 * 1024;

    public string Id => "stack-overflow";

    public void Run(AnalysisContext context)
    {
        if (context.Fault is not { Signal: Signals.Sigsegv or Signals.Sigbus } fault || Signals.WasSent(fault) ||
            context.FaultingThread is not { } thread || context.Register("rsp") is not { } rsp || !context.Space.IsKnown)
        {
            return;
        }

        var space = context.Space;
        var address = context.Shape?.Address ?? fault.Address;

        // The stack is the writable mapping holding rsp; when rsp has already left it (into the guard or
        // below), the nearest writable mapping above rsp.
        var stack = space.Find(rsp);
        if (stack is null || !AddressSpace.Allows(stack, 'w'))
        {
            stack = space.Above(rsp);
            if (stack is null || !AddressSpace.Allows(stack, 'w') || stack.Start - rsp > MainStackGuardGap)
            {
                return;
            }
        }

        string? reason = null;
        if (address is { } a && a < stack.Start)
        {
            var below = space.Find(a);
            if (below is not null && AddressSpace.IsGuard(below) && stack.Start - below.End <= AddressSpace.PageSize)
            {
                reason = $"the fault address 0x{a:x} is in the guard region {AddressSpace.Describe(below)} directly below the thread's stack";
            }
            else if (below is null && stack.Path == "[stack]" && stack.Start - a <= MainStackGuardGap + FrameReach)
            {
                reason = $"the fault address 0x{a:x} is {stack.Start - a} bytes below the main stack, where it could not grow (RLIMIT_STACK {Limit(context)})";
            }
            else if (below is null && a <= rsp + AddressSpace.PageSize && rsp - Math.Min(rsp, a) <= FrameReach && stack.Start - a <= FrameReach)
            {
                reason = $"the fault address 0x{a:x} is just below the stack and the stack pointer";
            }
        }

        if (reason is null && (rsp < stack.Start || rsp - stack.Start < AddressSpace.PageSize) && address is { } near &&
            (near >= rsp ? near - rsp : rsp - near) <= FrameReach)
        {
            reason = $"the stack pointer 0x{rsp:x} is {(rsp < stack.Start ? "below" : "within a page of")} the low end of its stack mapping";
        }

        if (reason is null)
        {
            return;
        }

        var cycle = RecursionSummary.Find(thread.Frames);
        var recursion = cycle is { } c
            ? $" Recursion: {(c.Period == 1 ? FrameNames.Describe(thread.Frames[c.Start]) : $"a cycle of {c.Period} frames")} repeats {c.Repeats} times."
            : "";
        context.Findings.Classify(Classifiers.StackOverflow);
        context.Findings.Annotate(AnnotationLevel.Critical, "Stack overflow",
            $"Stack overflow on thread {thread.Tid}: {reason} (stack {AddressSpace.Describe(stack)}, rsp=0x{rsp:x}).{recursion}\n" +
            RecursionSummary.Render(thread.Frames, cycle),
            "analysis/" + Id, context.FaultTarget(0, address));
    }

    private static string Limit(AnalysisContext context) =>
        context.Snapshot.Environment?.Limits.TryGetValue("stack", out var limit) == true ? limit : "unknown";
}
