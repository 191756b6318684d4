using Backtrace.Hydra.Inspection;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Views;

/// <summary>The line under the panes that names the position: thread, frame, pc, and the fault.</summary>
public static class ContextLine
{
    /// <summary><c>thread 4242 demo | #0 crash+0x16 demo.c:7 | pc 0x401136 | SIGSEGV at 0x10</c>.</summary>
    public static string Describe(Snapshot snapshot, Position position, AddressBook addresses)
    {
        var thread = position.Thread;
        var parts = new List<string>(4) { $"thread {thread.Tid}{(thread.Name is { Length: > 0 } name ? " " + name : "")}" };
        if (position.Frame is { } frame)
        {
            parts.Add($"#{position.FrameIndex} {FrameText.Function(frame)}{FrameText.Location(frame).TrimStart() switch { "" => "", var l => " " + l }}");
            parts.Add($"pc 0x{frame.Pc:x}");
        }

        if (snapshot.Fault is { } fault)
        {
            var signal = fault.SignalName ?? $"signal {fault.Signal}";
            parts.Add(fault.Address is { } address ? $"{signal} at 0x{address:x}" : signal);
        }
        else if (snapshot.Error is { } error)
        {
            parts.Add($"{error.Type}: {error.Message}");
        }

        return Names.Printable(string.Join(" | ", parts));
    }
}
