using Backtrace.NativeTargets;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Frames without CFI: found through the frame-pointer chain or a stack scan, and labelled so.</summary>
public sealed class FallbackUnwindTests : IDisposable
{
    private static readonly string[] Chain = ["leaf_stop", "chain_c", "chain_b", "chain_a", "main"];
    private readonly ModuleCache _cache = new();

    [Fact]
    public void CodeWithoutCfi_IsUnwoundByFramePointer()
    {
        var frames = Walk("-O2 -fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables", "chain");
        AssertSubsequence(Chain, frames);
        foreach (var name in new[] { "chain_c", "chain_b", "chain_a", "main" })
        {
            Assert.Equal(FrameTrust.FramePointer, frames.Find(f => f.Function == name)!.Trust);
        }
    }

    [Fact]
    public void CodeWithoutCfiOrFramePointer_IsFoundByStackScan()
    {
        var frames = Walk("-O2 -fomit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables", "chain");
        AssertSubsequence(Chain, frames);
        Assert.Equal(FrameTrust.Scan, frames.Find(f => f.Function == "chain_b")!.Trust);
    }

    [Fact]
    public void CodeWithOnlyDebugFrame_IsUnwoundByCfi()
    {
        // -g without unwind tables leaves .debug_frame as the only CFI.
        var frames = Walk("-O2 -g -fomit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables", "chain");
        AssertSubsequence(Chain, frames);
        Assert.All(frames.FindAll(f => Array.IndexOf(Chain, f.Function) > 0), f => Assert.Equal(FrameTrust.Cfi, f.Trust));
    }

    [Fact]
    public void JitCodeOutsideAnyModule_IsLeftThroughItsFramePointer()
    {
        var frames = Walk("-O2 -g -fno-omit-frame-pointer", "jit");
        AssertSubsequence(["leaf_stop", "jit_callback", null, "run_jit", "main"], frames);
        var stub = frames.FindIndex(f => f.Module is null);
        Assert.Equal(FrameTrust.Cfi, frames[stub].Trust);
        Assert.Equal(FrameTrust.FramePointer, frames[stub + 1].Trust);
        Assert.Equal("run_jit", frames[stub + 1].Function);
    }

    [Fact]
    public void StackScanDisabled_StopsWithAPreciseReason()
    {
        using var process = StoppedProcess.Start(
            NativeProgram.Build("stacks.c", "-O2", "-fomit-frame-pointer", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables"), ["chain"]);
        var capture = LiveCapture.Take(process.Pid);
        var walk = new ProcessUnwinder(capture.Process, _cache, new StackWalkOptions { StackScan = false }).Walk(capture.Threads[0].Registers);
        Assert.Equal(StackWalkEnd.Lost, walk.End);
        Assert.Contains("no CFI entry covers it", walk.Detail);
        Assert.Contains("leaf_stop", walk.Frames[^1].Function);
    }

    public void Dispose() => _cache.Dispose();

    private List<SnapshotFrame> Walk(string flags, string mode)
    {
        using var process = StoppedProcess.Start(NativeProgram.Build("stacks.c", flags.Split(' ')), [mode]);
        var capture = LiveCapture.Take(process.Pid);
        return new ProcessUnwinder(capture.Process, _cache).Walk(capture.Threads[0].Registers).Frames;
    }

    /// <summary>The names appear in this order (null: a frame outside any module), possibly with frames between them.</summary>
    private static void AssertSubsequence(string?[] expected, List<SnapshotFrame> frames)
    {
        var next = 0;
        foreach (var frame in frames)
        {
            if (next < expected.Length && (expected[next] is null ? frame.Module is null : frame.Function == expected[next]))
            {
                next++;
            }
        }

        Assert.True(next == expected.Length,
            $"expected {string.Join(" > ", expected)} in order; got:\n{string.Join("\n", frames.ConvertAll(f => $"0x{f.Pc:x} {f.Function} {f.Module} [{f.Trust}]"))}");
    }
}
