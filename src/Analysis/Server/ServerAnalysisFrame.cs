using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Server;

/// <summary>A synthetic frame of <see cref="ServerAnalysis"/>: the frame and where a rule inserted it.</summary>
public sealed class ServerAnalysisFrame
{
    /// <summary>The thread's tid.</summary>
    public long Thread { get; set; }

    /// <summary>Position among the thread's frames as submitted (0 = innermost).</summary>
    public int Index { get; set; }

    public required SnapshotFrame Frame { get; set; }
}
