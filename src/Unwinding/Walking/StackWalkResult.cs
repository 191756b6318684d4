using Backtrace.Snapshots.Model;

namespace Backtrace.Unwinding.Walking;

/// <summary>The frames of one thread, innermost first, and why the walk ended.</summary>
public sealed class StackWalkResult
{
    internal StackWalkResult(List<SnapshotFrame> frames, StackWalkEnd end, string? detail)
    {
        Frames = frames;
        End = end;
        Detail = detail;
    }

    /// <summary>The frames; inlined frames precede the frame they were inlined into and share its pc.</summary>
    public List<SnapshotFrame> Frames { get; }

    /// <summary>Why the walk stopped.</summary>
    public StackWalkEnd End { get; }

    /// <summary>Precise explanation when the walk ended early (which module's CFI failed and how, which address was unreadable), else null.</summary>
    public string? Detail { get; }
}
