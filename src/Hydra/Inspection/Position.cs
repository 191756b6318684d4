using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>Where the viewer is: a thread and one of its frames (or none, for a thread without frames).</summary>
public sealed record Position(SnapshotThread Thread, int FrameIndex)
{
    /// <summary>The selected frame, or null when the thread has no frames.</summary>
    public SnapshotFrame? Frame => FrameIndex >= 0 && FrameIndex < Thread.Frames.Count ? Thread.Frames[FrameIndex] : null;

    /// <summary>
    /// The registers known for the selected frame: those the unwinder recovered, or for the innermost frame the
    /// thread's own context when the frame carries none.
    /// </summary>
    public IReadOnlyDictionary<string, ulong>? FrameRegisters =>
        Frame?.Registers ?? (FrameIndex == 0 ? Thread.Registers : null);

    /// <summary>The selected frame's stack pointer: recorded on the frame, or read from its registers.</summary>
    public ulong? StackPointer => Frame?.Sp ?? StackPointerOf(FrameRegisters);

    /// <summary>The stack pointer of the frame that called this one, which bounds this frame's stack.</summary>
    public ulong? CallerStackPointer
    {
        get
        {
            if (FrameIndex + 1 >= Thread.Frames.Count)
            {
                return null;
            }

            var caller = Thread.Frames[FrameIndex + 1];
            return caller.Sp ?? StackPointerOf(caller.Registers);
        }
    }

    private static ulong? StackPointerOf(IReadOnlyDictionary<string, ulong>? registers)
    {
        if (registers is null)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["rsp", "esp", "sp"])
        {
            if (registers.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
