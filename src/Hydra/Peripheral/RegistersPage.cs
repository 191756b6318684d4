using Backtrace.Hydra.Inspection;

namespace Backtrace.Hydra.Peripheral;

/// <summary>The selected thread's full register context at capture time.</summary>
public static class RegistersPage
{
    public static PeripheralPage Build(PeripheralContext context)
    {
        var thread = context.Position.Thread;
        var title = $"Registers thread {thread.Tid}";
        return thread.Registers.Count == 0
            ? new PeripheralPage(title, [PaneLine.Note($"no registers captured for thread {thread.Tid}")])
            : new PeripheralPage(title, [.. Registers.Lines(thread.Registers, context.Addresses)]);
    }
}
