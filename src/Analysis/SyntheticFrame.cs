using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis;

/// <summary>A frame an analysis module adds to a thread (an interpreter's own stack, for example).</summary>
/// <param name="ThreadId">The thread to add it to.</param>
/// <param name="Index">Where to insert it among the thread's frames as they were before analysis (0 = innermost).</param>
/// <param name="Frame">The frame; its <see cref="SnapshotFrame.Trust"/> is <see cref="FrameTrust.Synthetic"/>.</param>
public sealed record SyntheticFrame(long ThreadId, int Index, SnapshotFrame Frame);
