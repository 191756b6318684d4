using System.Text;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Rules;

/// <summary>Finds the longest repeated cycle of frames (recursion) and renders a stack with it collapsed ("f x N").</summary>
internal static class RecursionSummary
{
    private const int MaxPeriod = 8;

    /// <summary>A repeated cycle: frames [Start, Start + Period * Repeats) are one cycle of Period frames, Repeats times.</summary>
    public readonly record struct Cycle(int Start, int Period, int Repeats);

    /// <summary>The cycle covering the most frames with at least 3 repeats, or null.</summary>
    public static Cycle? Find(IReadOnlyList<SnapshotFrame> frames)
    {
        var keys = frames.Select(Key).ToArray();
        Cycle? best = null;
        for (var period = 1; period <= MaxPeriod; period++)
        {
            var start = 0;
            while (start + period * 2 <= keys.Length)
            {
                var end = start + period;
                while (end < keys.Length && keys[end] == keys[end - period])
                {
                    end++;
                }

                var repeats = (end - start) / period;
                if (repeats >= 3 && (best is null || repeats * period > best.Value.Repeats * best.Value.Period))
                {
                    best = new Cycle(start, period, repeats);
                }

                start = Math.Max(start + 1, end - period + 1);
            }
        }

        return best;
    }

    /// <summary>The stack as lines, with the cycle collapsed and at most <paramref name="maxLines"/> lines.</summary>
    public static string Render(IReadOnlyList<SnapshotFrame> frames, Cycle? cycle, int maxLines = 12)
    {
        var text = new StringBuilder();
        var lines = 0;
        for (var i = 0; i < frames.Count && lines < maxLines; i++, lines++)
        {
            if (cycle is { } c && i == c.Start)
            {
                var names = string.Join(" -> ", frames.Skip(c.Start).Take(c.Period).Select(FrameNames.Describe));
                var last = c.Start + (c.Period * c.Repeats) - 1;
                text.Append($"#{c.Start}..#{last} {(c.Period == 1 ? names : "[" + names + "]")} x {c.Repeats}\n");
                i = last;
                continue;
            }

            text.Append($"#{i} {FrameNames.Describe(frames[i])}\n");
        }

        if (lines == maxLines && frames.Count > 0)
        {
            text.Append("...\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Key(SnapshotFrame frame) => frame.Function ?? $"0x{frame.Pc:x}";
}
