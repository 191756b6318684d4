using System.Text;
using Backtrace.NativeTargets;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Compares unwound stacks with eu-stack's, frame by frame, and explains any difference in full.</summary>
internal static class StackComparison
{
    /// <summary>Asserts the physical frames' pcs equal eu-stack's (and function names where both have one).</summary>
    public static void AssertSamePcs(int tid, StackWalkResult mine, List<EuStack.Frame> theirs)
    {
        var physical = mine.Frames.FindAll(f => !f.Inlined);
        var same = physical.Count == theirs.Count;
        for (var i = 0; same && i < physical.Count; i++)
        {
            same = physical[i].Pc == theirs[i].Pc
                && (physical[i].Function is null || theirs[i].Function is null || physical[i].Function == theirs[i].Function);
        }

        Assert.True(same, $"thread {tid}: frames differ from eu-stack ({mine.End}: {mine.Detail})\n{Describe(physical, theirs)}");
    }

    public static string Describe(List<SnapshotFrame> mine, List<EuStack.Frame> theirs)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Math.Max(mine.Count, theirs.Count); i++)
        {
            var left = i < mine.Count ? $"0x{mine[i].Pc:x} {mine[i].Function} [{mine[i].Trust}]" : "-";
            var right = i < theirs.Count ? $"0x{theirs[i].Pc:x} {theirs[i].Function}" : "-";
            text.AppendLine($"#{i,-3} {left,-60} | {right}");
        }

        return text.ToString();
    }
}
