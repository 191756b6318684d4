using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>Threads whose stacks are identical frame by frame, shown as one row with a count.</summary>
public sealed class ThreadGroup(IReadOnlyList<SnapshotThread> threads)
{
    /// <summary>The member threads in snapshot order; never empty.</summary>
    public IReadOnlyList<SnapshotThread> Threads { get; } = threads;

    /// <summary>The thread whose stack stands for the group.</summary>
    public SnapshotThread Representative => Threads[0];

    /// <summary>True when the group holds the faulted thread (which is never grouped with others).</summary>
    public bool Faulted => Representative.Faulted;
}
