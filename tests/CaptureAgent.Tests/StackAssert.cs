using Backtrace.Snapshots.Model;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>Compares a snapshot's stacks with eu-stack's, thread by thread, pc for pc.</summary>
internal static class StackAssert
{
    /// <summary>
    /// Same threads, and on each one the same pcs. <paramref name="running"/> threads are only required to exist: eu-stack
    /// lets a thread it stops run on while it works through the others, so it sees a running thread at another instant.
    /// </summary>
    public static void SameAsEuStack(Snapshot snapshot, Dictionary<long, List<EuStack.Frame>> oracle, IReadOnlyCollection<long>? running = null)
    {
        Assert.Equal(oracle.Keys.Order(), snapshot.Threads.Select(t => t.Tid).Order());
        foreach (var thread in snapshot.Threads.Where(t => running?.Contains(t.Tid) != true))
        {
            var expected = oracle[thread.Tid].Select(f => f.Pc).ToList();
            var actual = thread.Frames.Where(f => !f.Inlined).Select(f => f.Pc).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"thread {thread.Tid}: eu-stack {string.Join(' ', expected.Select(p => p.ToString("x")))}\n agent {string.Join(' ', actual.Select(p => p.ToString("x")))}");
        }
    }

    /// <summary>
    /// Every frame for which eu-stack -s names a source line has the same file name and line in the snapshot (a frame
    /// the agent leaves without a line fails). Without -i, eu-stack gives each physical frame the line of its pc itself,
    /// which is the innermost level of an inline chain: the snapshot's first frame of that chain (the physical frame
    /// carries the outermost call's line). Returns how many frames were compared, so callers can require that lines
    /// were actually compared rather than skipped on both sides.
    /// </summary>
    public static int SameLines(Snapshot snapshot, Dictionary<long, List<EuStack.Frame>> oracle)
    {
        var compared = 0;
        foreach (var thread in snapshot.Threads)
        {
            var innermost = InnermostLocations(thread.Frames);
            for (var i = 0; i < innermost.Count && i < oracle[thread.Tid].Count; i++)
            {
                var expected = oracle[thread.Tid][i];
                if (expected.File is null)
                {
                    continue;
                }

                var frame = innermost[i];
                var theirs = $"{Path.GetFileName(expected.File)}:{expected.Line}";
                var ours = frame.File is null ? "no line" : $"{Path.GetFileName(frame.File)}:{frame.Line}";
                Assert.True(theirs == ours, $"thread {thread.Tid} frame #{i} (0x{frame.Pc:x} {frame.Function}): eu-stack says {theirs}, the snapshot {ours}");
                compared++;
            }
        }

        return compared;
    }

    /// <summary><see cref="SameLines"/>, requiring at least <paramref name="perThread"/> compared lines per thread on average.</summary>
    public static void SameLinesOnEveryThread(Snapshot snapshot, Dictionary<long, List<EuStack.Frame>> oracle, int perThread)
    {
        var compared = SameLines(snapshot, oracle);
        Assert.True(compared >= perThread * snapshot.Threads.Count,
            $"only {compared} frames had a source line to compare on {snapshot.Threads.Count} threads (expected at least {perThread} per thread): is libc6-dbg installed, and does eu-stack -s print lines?");
    }

    /// <summary>
    /// One entry per physical frame: the first frame of its inline chain. eu-stack -s (without -i) names the
    /// line of the pc itself, which is inside the innermost inlined function; the agent lists that function's
    /// frame (Inlined = true) before the physical frame, which carries the outermost call site.
    /// </summary>
    private static List<SnapshotFrame> InnermostLocations(List<SnapshotFrame> frames)
    {
        var result = new List<SnapshotFrame>();
        SnapshotFrame? first = null;
        foreach (var frame in frames)
        {
            first ??= frame;
            if (!frame.Inlined)
            {
                result.Add(first);
                first = null;
            }
        }

        return result;
    }
}
