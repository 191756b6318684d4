using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The selected thread's kernel stack, as read from <c>/proc/PID/task/TID/stack</c>.</summary>
public static class KernelStackPage
{
    public static PeripheralPage Build(PeripheralContext context)
    {
        var thread = context.Position.Thread;
        var title = $"Kernel stack thread {thread.Tid}";
        return thread.KernelStack is { Count: > 0 } frames
            ? new PeripheralPage(title, [.. frames.Select(PaneLine.Plain)])
            : new PeripheralPage(title, [PaneLine.Note($"kernel stack not captured for thread {thread.Tid}")]);
    }
}
