using Backtrace.NativeTargets;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Real processes stopped in known states, unwound from a ptrace capture and compared with eu-stack.</summary>
public sealed class LiveUnwindTests : IDisposable
{
    private readonly ModuleCache _cache = new();

    public static TheoryData<string> BuildFlags => new()
    {
        "-O0 -g",
        "-O2 -g",
        "-O2 -g -fomit-frame-pointer",
        "-O2 -g -fno-omit-frame-pointer",
        "-O2 -gdwarf-4",
        "-O2 -g -no-pie",
    };

    [Theory]
    [MemberData(nameof(BuildFlags))]
    public void Chain_MatchesEuStackPcForPc(string flags) => AssertMatchesEuStack(Build(flags), ["chain"]);

    [Theory]
    [MemberData(nameof(BuildFlags))]
    public void SignalHandlerFrame_UnwindsThroughRestoreRt(string flags)
    {
        var frames = AssertMatchesEuStack(Build(flags), ["signal"]);
        var names = frames[0].ConvertAll(f => f.Function);
        Assert.Contains("__restore_rt", names);
        Assert.Contains("signal_victim", names);
        Assert.Contains("on_usr1", names);
    }

    [Theory]
    [MemberData(nameof(BuildFlags))]
    public void FaultingInstructionBelowSignalFrame_IsNotMovedBack(string flags)
    {
        var frames = AssertMatchesEuStack(Build(flags), ["segv"])[0];
        var restore = frames.FindIndex(f => f.Function == "__restore_rt");
        Assert.True(restore > 0, "no __restore_rt frame");
        var victim = frames[restore + 1];
        Assert.Equal("segv_victim", victim.Function);
        Assert.Equal(FrameTrust.Context, victim.Trust);
    }

    [Fact]
    public void ManyThreads_EachMatchesEuStack()
    {
        var program = Build("-O2 -g");
        using var process = StoppedProcess.Start(program, ["threads", "8"], expectedThreads: 9);
        var expected = EuStack.OfProcess(process.Pid);
        var capture = LiveCapture.Take(process.Pid);
        var unwinder = new ProcessUnwinder(capture.Process, _cache);
        Assert.Equal(9, capture.Threads.Count);
        foreach (var (tid, registers) in capture.Threads)
        {
            StackComparison.AssertSamePcs(tid, unwinder.Walk(registers), expected[tid]);
        }
    }

    [Fact]
    public void ThreadStoppedWhileRunning_UnwindsFromWhereverItStopped_IncludingTheVdso()
    {
        // eu-stack cannot be the oracle for a running thread: it lets a stopped thread run on briefly (PTRACE_CONT
        // after its own SIGSTOP), so it sees another instant. The spinning thread's chain is known instead.
        var program = Build("-O2 -g");
        var sawVdso = false;
        for (var attempt = 0; attempt < 5 && !sawVdso; attempt++)
        {
            using var process = StoppedProcess.Start(program, ["spin"], expectedThreads: 2);
            var capture = LiveCapture.Take(process.Pid);
            var walk = new ProcessUnwinder(capture.Process, _cache).Walk(capture.Threads[1].Registers);
            Assert.Equal(StackWalkEnd.EndOfStack, walk.End);
            var names = walk.Frames.ConvertAll(f => f.Function);
            var spin = names.IndexOf("spin_main");
            Assert.True(spin >= 0, string.Join(" > ", names));
            Assert.Equal(["spin_main", "start_thread", "__clone3"], names[spin..]);
            if (walk.Frames[0].Module == "[vdso]")
            {
                sawVdso = true;
                Assert.Equal("__vdso_clock_gettime", walk.Frames[0].Function);
                Assert.Equal("clock_gettime", walk.Frames[1].Function);
                Assert.Equal(FrameTrust.Cfi, walk.Frames[1].Trust);
            }
        }
    }

    [Fact]
    public void DeepRecursion_AllFramesMatchEuStack()
    {
        var frames = AssertMatchesEuStack(Build("-O2 -g"), ["recurse", "3000"])[0];
        Assert.True(frames.Count(f => f.Function == "recurse") == 3001, $"expected 3001 recurse frames, got {frames.Count(f => f.Function == "recurse")}");
    }

    public void Dispose() => _cache.Dispose();

    private static string Build(string flags) => NativeProgram.Build("stacks.c", flags.Split(' '));

    private List<List<SnapshotFrame>> AssertMatchesEuStack(string program, string[] arguments)
    {
        using var process = StoppedProcess.Start(program, arguments);
        // eu-stack first: it leaves a stopped process stopped, while threads seized and released by a capture pass
        // through a transient running state in which eu-stack has been seen to miss a vDSO frame.
        var expected = EuStack.OfProcess(process.Pid);
        var capture = LiveCapture.Take(process.Pid);
        var unwinder = new ProcessUnwinder(capture.Process, _cache, new StackWalkOptions { MaxFrames = 10_000 });
        var result = new List<List<SnapshotFrame>>();
        foreach (var (tid, registers) in capture.Threads)
        {
            var walk = unwinder.Walk(registers);
            StackComparison.AssertSamePcs(tid, walk, expected[tid]);
            Assert.Equal(StackWalkEnd.EndOfStack, walk.End);
            result.Add(walk.Frames);
        }

        return result;
    }
}
