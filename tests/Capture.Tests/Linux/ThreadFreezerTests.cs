using System.Diagnostics;
using Backtrace.Capture.Linux.Live;
using Backtrace.TestSupport;

namespace Backtrace.Capture.Tests.Linux;

/// <summary>The freeze loop against a thread caught in the middle of receiving a signal.</summary>
public sealed class ThreadFreezerTests
{
    [Fact]
    public void Freeze_ThreadStoppedWhileItsFaultIsDelivered_ReportsTheSignalAndHandsItBack()
    {
        // A signal-delivery stop happens only when the thread dequeues a signal between PTRACE_SEIZE and
        // PTRACE_INTERRUPT (otherwise the interrupt is served first and the signal waits in the queue), so it cannot be
        // arranged; a thread that faults over and over makes it frequent. The signal must be recorded and re-injected
        // at detach, or the thread would resume at the store without running its handler.
        using var program = CrashProgram.Build("crashy.c").Start(1, "fault-storm", "1");
        var storm = Assert.Single(program.ThreadsNotParked());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int attempts = 0, delivering = 0;
        while (delivering < 3 && DateTime.UtcNow < deadline)
        {
            attempts++;
            var signal = OnOwnThread(() =>
            {
                var freezer = new ThreadFreezer(program.Pid, 4);
                freezer.Freeze(TimeSpan.FromSeconds(5));
                try
                {
                    return freezer.Threads.Take(freezer.Count).Single(t => t.Tid == storm).PendingSignal;
                }
                finally
                {
                    freezer.Thaw();
                }
            });
            delivering += signal == 11 ? 1 : 0;
            Assert.True(signal is 0 or 11, $"the faulting thread was stopped delivering signal {signal}");
        }

        Assert.True(delivering == 3, $"the faulting thread was stopped delivering SIGSEGV in {delivering} of {attempts} freezes within 60 s");
        Assert.False(Process.GetProcessById(program.Pid).HasExited);
        Assert.Contains(storm, program.ThreadsNotParked());
    }

    /// <summary>ptrace's tracer is a thread: seize, wait and detach from one OS thread.</summary>
    private static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }
}
