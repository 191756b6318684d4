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
            var frames = thread.Frames.Where(f => !f.Inlined).ToList();
            for (var i = 0; i < frames.Count && i < oracle[thread.Tid].Count; i++)
            {
                var expected = oracle[thread.Tid][i];
                // eu-stack -s reports the outermost line of an inline chain; the agent's non-inlined frame carries the same.
                if (expected.File is null || frames[i].File is null)
                {
                    continue;
                }

                Assert.Equal(Path.GetFileName(expected.File), Path.GetFileName(frames[i].File));
                Assert.Equal(expected.Line, frames[i].Line);
                compared++;
            }
        }

        return compared;
    }
}
