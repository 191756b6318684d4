using Backtrace.NativeTargets;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Source lines and inline frames of real stacks compared with <c>eu-stack -i -s</c>, libc's from libc6-dbg included.</summary>
public sealed class SourceLineTests : IDisposable
{
    private readonly ModuleCache _cache = new();

    public static TheoryData<string, string> Cases => new()
    {
        { "-O0 -g", "chain" },
        { "-O2 -g", "chain" },
        { "-O2 -g", "inline" },
        { "-O2 -gdwarf-4", "inline" },
        { "-O2 -gdwarf-5", "inline" },
        { "-O2 -g -gz", "inline" },
        { "-O1 -gdwarf-4 -gz", "signal" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FramesWithInlines_MatchEuStackFileLineAndColumn(string flags, string mode)
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", flags.Split(' ')), [mode]);
        var allExpected = EuStack.OfProcess(process.Pid, inlines: true, sourceLines: true);
        var capture = LiveCapture.Take(process.Pid);
        var frames = new ProcessUnwinder(capture.Process, _cache).Walk(capture.Threads[0].Registers).Frames;
        var expected = allExpected[capture.Threads[0].Tid];

        var same = frames.Count == expected.Count;
        for (var i = 0; same && i < frames.Count; i++)
        {
            same = frames[i].Pc == expected[i].Pc && frames[i].File == expected[i].File && frames[i].Line == expected[i].Line
                && frames[i].Column == expected[i].Column;
        }

        // Equal frames without any line would compare nothing: the program's own frames and libc's (libc6-dbg) have lines.
        var withLines = expected.Count(f => f.Line is not null);
        Assert.True(withLines >= 4, $"eu-stack -i -s named only {withLines} source lines: is libc6-dbg installed?");
        Assert.True(same, "frames differ from eu-stack -i -s:\n" + string.Join("\n", Enumerable.Range(0, Math.Max(frames.Count, expected.Count)).Select(i =>
            $"#{i,-3} {(i < frames.Count ? Describe(frames[i]) : "-"),-75} | {(i < expected.Count ? $"0x{expected[i].Pc:x} {expected[i].Function} {expected[i].File}:{expected[i].Line}:{expected[i].Column}" : "-")}")));
    }

    [Fact]
    public void InlinedFrames_AreMarkedAndNamed()
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", "-O2", "-g"), ["inline"]);
        var capture = LiveCapture.Take(process.Pid);
        var frames = new ProcessUnwinder(capture.Process, _cache).Walk(capture.Threads[0].Registers).Frames;
        var inner = frames.FindIndex(f => f.Function == "inline_inner");
        Assert.True(inner >= 0, "no inline_inner frame");
        Assert.True(frames[inner].Inlined);
        Assert.Equal("inline_middle", frames[inner + 1].Function);
        Assert.True(frames[inner + 1].Inlined);
        Assert.Equal("inline_outer", frames[inner + 2].Function);
        Assert.False(frames[inner + 2].Inlined);
        Assert.Equal(frames[inner].Pc, frames[inner + 2].Pc);
        Assert.Equal(FrameTrust.Cfi, frames[inner + 2].Trust);
    }

    public void Dispose() => _cache.Dispose();

    private static string Describe(SnapshotFrame f) => $"0x{f.Pc:x} {f.Function}{(f.Inlined ? " (inlined)" : "")} {f.File}:{f.Line}:{f.Column}";
}
