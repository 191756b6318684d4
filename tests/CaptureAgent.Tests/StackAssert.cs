using Backtrace.Snapshots.Model;
using Backtrace.TestSupport;

namespace Backtrace.CaptureAgent.Tests;

/// <summary>Compares a snapshot's stacks with eu-stack's, thread by thread, pc for pc.</summary>
internal static class StackAssert
{
    public static void SameAsEuStack(Snapshot snapshot, Dictionary<long, List<EuStack.Frame>> oracle)
    {
        Assert.Equal(oracle.Keys.Order(), snapshot.Threads.Select(t => t.Tid).Order());
        foreach (var thread in snapshot.Threads)
        {
            var expected = oracle[thread.Tid].Select(f => f.Pc).ToList();
            var actual = thread.Frames.Where(f => !f.Inlined).Select(f => f.Pc).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"thread {thread.Tid}: eu-stack {string.Join(' ', expected.Select(p => p.ToString("x")))}\n agent {string.Join(' ', actual.Select(p => p.ToString("x")))}");
        }
    }

    /// <summary>Where both name a source line for a frame, they agree (file name and line).</summary>
    public static int SameLines(Snapshot snapshot, Dictionary<long, List<EuStack.Frame>> oracle)
    {
        var compared = 0;
        foreach (var thread in snapshot.Threads)
        {
            var innermost = InnermostLocations(thread.Frames);
            for (var i = 0; i < innermost.Count && i < oracle[thread.Tid].Count; i++)
            {
                var expected = oracle[thread.Tid][i];
                if (expected.File is null || innermost[i].File is null)
                {
                    continue;
                }

                Assert.Equal(Path.GetFileName(expected.File), Path.GetFileName(innermost[i].File));
                Assert.Equal(expected.Line, innermost[i].Line);
                compared++;
            }
        }

        return compared;
    }

    /// <summary>
    /// One entry per physical frame: the first frame of its inline chain. eu-stack -s (without -i) names the
    /// line of the pc itself, which is inside the innermost inlined function; the agent lists that function's
    /// frame (Inlined = true) before the physical frame, which carries the outermost call site.
    /// </summary>
    private static List<SnapshotFrame> InnermostLocations(List<SnapshotFrame> frames)
    {
        var result = new List<SnapshotFrame>();
        SnapshotFrame? chainStart = null;
        foreach (var frame in frames)
        {
            chainStart ??= frame;
            if (!frame.Inlined)
            {
                result.Add(chainStart);
                chainStart = null;
            }
        }

        return result;
    }
}
