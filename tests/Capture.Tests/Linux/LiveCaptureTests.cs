using System.Diagnostics;
using Backtrace.Capture.Linux;
using Backtrace.Capture.Model;
using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests.Linux;

/// <summary>The ptrace front end against real programs, checked against /proc and eu-stack.</summary>
public sealed class LiveCaptureTests
{
    private static readonly CaptureOptions Options = new();

    [Theory]
    [InlineData(CrashProgram.WithoutFramePointers)]
    [InlineData(CrashProgram.WithFramePointers)]
    public void CaptureLive_TenThreads_EveryThreadWithTheRegistersEuStackSees(string flags)
    {
        using var program = CrashProgram.Build("crashy.c", flags).Start("park", "10");
        // eu-stack first, then wait until it has let every thread go back into pause(): a thread caught while it
        // restarts the call would show another pc.
        var oracle = EuStack.Live(program.Pid);
        program.WaitUntilSettled();
        using var captured = LinuxPlatform.Instance.CaptureLive(program.Pid, Options, []);

        Assert.Equal(oracle.Keys.Order(), captured.Threads.Select(t => t.Tid).Order());
        foreach (var thread in captured.Threads)
        {
            Assert.Equal(oracle[thread.Tid][0].Pc, thread.Registers.Pc);
            Assert.Contains(captured.SnapshotRanges, r => r.Label == $"stack:{thread.Tid}" && r.Start <= thread.Registers.Sp && r.Start + r.Length > thread.Registers.Sp);
            Assert.Equal("sleeping", thread.State);
            Assert.Equal("crashy", thread.Name);
        }

        Assert.InRange(captured.StopMicroseconds ?? -1, 1, 5_000_000);
        Assert.Empty(captured.Warnings);
    }

    [Fact]
    public void CaptureLive_CopiesStackBytesAsTheyAreInTheProcess()
    {
        using var program = CrashProgram.Build("crashy.c").Start("park", "2");
        using var captured = LinuxPlatform.Instance.CaptureLive(program.Pid, Options, []);
        using var memory = File.OpenRead($"/proc/{program.Pid}/mem");
        foreach (var thread in captured.Threads)
        {
            // From rsp up: the red zone below it is scratch space the thread may reuse once released. Up to the
            // thread pointer at most: above it, in a thread's stack mapping, glibc keeps its thread descriptor, whose
            // rseq area the kernel rewrites (the cpu number) whenever the released thread runs on another core.
            var stack = captured.SnapshotRanges.Single(r => r.Label == $"stack:{thread.Tid}");
            var end = stack.Start + stack.Length;
            var threadPointer = thread.Registers[UserRegisters.FsBase];
            if (threadPointer > thread.Registers.Sp && threadPointer < end)
            {
                end = threadPointer;
            }

            var range = stack with { Start = thread.Registers.Sp, Length = end - thread.Registers.Sp };
            var copied = new byte[range.Length];
            Assert.True(captured.Memory.TryRead(range.Start, copied));
            var actual = new byte[range.Length];
            memory.Seek((long)range.Start, SeekOrigin.Begin);
            memory.ReadExactly(actual);
            Assert.Equal(actual, copied);
        }
    }

    [Fact]
    public void CaptureLive_ModulesCarryTheBuildIdOfTheFileOnDisk()
    {
        var program = CrashProgram.Build("crashy.c");
        using var running = program.Start("park", "1");
        using var captured = LinuxPlatform.Instance.CaptureLive(running.Pid, Options, []);
        var module = captured.Modules.Single(m => m.Path == program.Path);
        Assert.Equal(ReadElf.BuildId(program.Path), Convert.ToHexStringLower(module.BuildId!));
        Assert.Contains(captured.Modules, m => m.Path == "[vdso]");
    }

    [Fact]
    public void CaptureLive_ReadsProcessFactsAndScrubsSecrets()
    {
        var program = CrashProgram.Build("crashy.c");
        using var running = program.Start(new Dictionary<string, string> { ["MY_API_TOKEN"] = "hunter2", ["PLAIN_SETTING"] = "visible" }, "park");
        using var captured = LinuxPlatform.Instance.CaptureLive(running.Pid, Options, []);
        Assert.Equal("[scrubbed]", captured.Environment!.Variables["MY_API_TOKEN"]);
        Assert.Equal("visible", captured.Environment.Variables["PLAIN_SETTING"]);
        Assert.Equal(program.Path, captured.Process.Executable);
        Assert.Equal(["park"], captured.Process.CommandLine.Skip(1));
        Assert.True(captured.Environment.System.ContainsKey("mem.total_bytes"));
        Assert.True(captured.Environment.System.ContainsKey("load.1m"));
        Assert.True(captured.Environment.Process.ContainsKey("open_files"));
        Assert.Equal("unlimited", captured.Environment.Limits["cpu_time"]);
        Assert.NotNull(captured.Threads[0].KernelStack);
    }

    [Fact]
    public void CaptureLive_FaultQueuedButNotYetDelivered_IsTheFaultAndIsLeftQueued()
    {
        // The pending thread queued itself a SIGSEGV exactly as the kernel does for a fault (SEGV_MAPERR at 0x10),
        // with the signal blocked so that it stays queued: the state a fault is in when the stop comes first.
        using var program = CrashProgram.Build("crashy.c").Start("pending", "2");
        using var captured = LinuxPlatform.Instance.CaptureLive(program.Pid, Options, []);
        var faulted = Assert.Single(captured.Threads, t => t.Faulted);
        Assert.Equal(new Model.CapturedFault(11, 1, 0x10, null, null, faulted.Tid), captured.Fault);
        Assert.Equal(captured.Fault, faulted.PendingSignal);
        Assert.All(captured.Threads.Where(t => t != faulted), t => Assert.Null(t.PendingSignal));

        // Peeking does not dequeue: the signal is still pending for that thread once the process runs again.
        var status = File.ReadAllLines($"/proc/{program.Pid}/task/{faulted.Tid}/status");
        var pending = Convert.ToUInt64(status.Single(l => l.StartsWith("SigPnd:", StringComparison.Ordinal))[7..].Trim(), 16);
        Assert.True((pending & (1UL << 10)) != 0, $"SIGSEGV is no longer pending (SigPnd {pending:x})");
    }

    [Fact]
    public void CaptureLive_ThreadFaultingOverAndOver_IsCaughtWithItsFaultAndKeepsRunning()
    {
        // A thread whose handler resumes after each fault: a stop lands now and then between the fault and its delivery,
        // either with the signal being delivered (a signal-delivery stop) or still queued. Either way the capture must
        // report the fault, with the registers of the faulting store, and hand the signal back so the thread goes on.
        var program = CrashProgram.Build("crashy.c");
        using var running = program.Start(1, "fault-storm", "1");
        var faultingStore = ReadElf.SymbolAddress(program.Path, "fault_resume") - 11;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var caught = 0;
        var attempts = 0;
        while (caught < 3 && DateTime.UtcNow < deadline)
        {
            attempts++;
            using var captured = LinuxPlatform.Instance.CaptureLive(running.Pid, Options, []);
            if (captured.Fault is not { } fault)
            {
                continue;
            }

            caught++;
            var thread = Assert.Single(captured.Threads, t => t.Faulted);
            Assert.Equal((11, 1, 0x10UL, thread.Tid), (fault.Signal, fault.Code, fault.Address!.Value, fault.ThreadId!.Value));
            var module = captured.Modules.Single(m => m.Path == program.Path);
            Assert.Equal(faultingStore, thread.Registers.Pc - (module.LoadBias ?? module.Start));
        }

        Assert.True(caught == 3, $"the faulting thread was caught with its fault in {caught} of {attempts} captures within 60 s");
        Assert.False(Process.GetProcessById(running.Pid).HasExited);
    }

    [Fact]
    public void CaptureLive_NoSuchProcess_SaysSo()
    {
        var error = Assert.Throws<CaptureException>(() => LinuxPlatform.Instance.CaptureLive(int.MaxValue - 7, Options, []));
        Assert.Equal(CaptureFailure.NotFound, error.Failure);
        Assert.Equal($"no process with pid {int.MaxValue - 7}", error.Message);
    }

    [Fact]
    public void CaptureLive_ThreadIdInsteadOfProcess_NamesTheProcess()
    {
        using var program = CrashProgram.Build("crashy.c").Start("park", "1");
        var thread = Directory.GetDirectories($"/proc/{program.Pid}/task").Select(d => int.Parse(Path.GetFileName(d))).First(t => t != program.Pid);
        var error = Assert.Throws<CaptureException>(() => LinuxPlatform.Instance.CaptureLive(thread, Options, []));
        Assert.Equal($"{thread} is a thread of process {program.Pid}; capture the process", error.Message);
    }

    [Fact]
    public void CaptureLive_ProcessThatExitsMeanwhile_FailsPreciselyOrCapturesWhatWasThere()
    {
        // Short-lived processes: depending on timing the capture sees the process or not; it must never hang or crash.
        for (var i = 0; i < 20; i++)
        {
            using var process = RunningProgram.Launch("/bin/true", []);
            try
            {
                using var captured = LinuxPlatform.Instance.CaptureLive(process.Pid, Options, []);
                Assert.NotEmpty(captured.Threads);
            }
            catch (CaptureException e)
            {
                Assert.True(e.Failure is CaptureFailure.NotFound or CaptureFailure.ProcessExited, e.Message);
            }
        }
    }
}
