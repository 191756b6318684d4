using System.Diagnostics;
using Backtrace.Capture.Linux.Native;

namespace Backtrace.Capture.Linux.Live;

/// <summary>
/// Stops every thread of a process with PTRACE_SEIZE + PTRACE_INTERRUPT and releases them with
/// PTRACE_DETACH. Threads created while the loop runs are found by rescanning <c>/proc/PID/task</c>
/// until a scan finds nothing new (a thread can only be created by a running thread, and every listed
/// thread is stopped before the next scan); threads that exit are dropped. Nothing here allocates once
/// constructed, because it runs while the target is stopped. Call it from one OS thread only.
/// </summary>
internal sealed class ThreadFreezer
{
    private const int MaxRescans = 100;

    private readonly int _pid;
    private readonly byte[] _taskDirectory;
    private readonly byte[] _direntScratch = new byte[32 * 1024];
    private int[] _scan = new int[256];

    public ThreadFreezer(int pid, int expectedThreads)
    {
        _pid = pid;
        _taskDirectory = ProcFs.ProcFile.Path($"/proc/{pid}/task");
        Threads = new FrozenThread[Math.Max(64, expectedThreads * 2)];
    }

    /// <summary>The threads seen; the first <see cref="Count"/> entries are valid.</summary>
    public FrozenThread[] Threads { get; private set; }

    public int Count { get; private set; }

    /// <summary>errno of the first failed seize (EPERM: not allowed to trace), 0 when any thread was seized.</summary>
    public int FirstSeizeError { get; private set; }

    /// <summary>True when the rescans never settled (threads kept appearing).</summary>
    public bool Unsettled { get; private set; }

    /// <summary>Threads that did not report a stop before the deadline (zombies, uninterruptible sleepers).</summary>
    public int TimedOut { get; private set; }

    /// <summary>Seizes and stops every thread; returns the number stopped.</summary>
    public int Freeze(TimeSpan stopDeadline)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(stopDeadline.TotalSeconds * Stopwatch.Frequency);
        for (var round = 0; round < MaxRescans; round++)
        {
            var scanned = TaskList.Read(_taskDirectory, ref _scan, _direntScratch);
            if (scanned < 0)
            {
                // The process is gone (ENOENT/ESRCH): whatever was stopped stays, the caller reports it.
                break;
            }

            var added = 0;
            for (var i = 0; i < scanned; i++)
            {
                if (IndexOf(_scan[i]) >= 0)
                {
                    continue;
                }

                if (Count == Threads.Length)
                {
                    var grown = Threads;
                    Array.Resize(ref grown, grown.Length * 2);
                    Threads = grown;
                }

                ref var thread = ref Threads[Count++];
                thread = new FrozenThread { Tid = _scan[i] };
                thread.Error = Ptrace.SeizeAndInterrupt(thread.Tid);
                if (thread.Error != 0)
                {
                    thread.Gone = thread.Error == LibC.Esrch;
                    if (FirstSeizeError == 0 && !thread.Gone)
                    {
                        FirstSeizeError = thread.Error;
                    }
                }

                added++;
            }

            if (added == 0)
            {
                WaitForStops(deadline);
                return CountStopped();
            }

            WaitForStops(deadline);
        }

        Unsettled = true;
        return CountStopped();
    }

    /// <summary>Detaches every seized thread, re-injecting signals caught in signal-delivery stops.</summary>
    public void Thaw()
    {
        for (var i = 0; i < Count; i++)
        {
            ref var thread = ref Threads[i];
            if (thread.Error == 0 && !thread.Gone)
            {
                // A thread that has not reported its stop yet cannot be detached (ESRCH); it will be
                // released when this tracer exits, which the kernel does by detaching every tracee.
                Ptrace.DetachThread(thread.Tid, thread.PendingSignal);
            }
        }
    }

    private void WaitForStops(long deadline)
    {
        var spins = 0;
        while (true)
        {
            var waiting = 0;
            for (var i = 0; i < Count; i++)
            {
                ref var thread = ref Threads[i];
                if (thread.Stopped || thread.Gone || thread.Error != 0)
                {
                    continue;
                }

                var result = LibC.waitpid(thread.Tid, out var status, Ptrace.WAll | Ptrace.WNoHang);
                if (result == 0)
                {
                    waiting++;
                    continue;
                }

                if (result < 0 || Ptrace.IsGone(status))
                {
                    thread.Gone = true;
                    continue;
                }

                thread.Stopped = true;
                if (Ptrace.StopEvent(status) == 0)
                {
                    // A signal-delivery stop: the signal was on its way in; keep it and deliver it at detach.
                    thread.PendingSignal = Ptrace.StopSignal(status);
                }
            }

            if (waiting == 0)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                TimedOut = waiting;
                return;
            }

            // Spin briefly (the stop is normally microseconds away), then yield the CPU to the target.
            if (++spins > 64)
            {
                Thread.Yield();
            }
        }
    }

    private int IndexOf(int tid)
    {
        for (var i = 0; i < Count; i++)
        {
            if (Threads[i].Tid == tid)
            {
                return i;
            }
        }

        return -1;
    }

    private int CountStopped()
    {
        var stopped = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Threads[i].Stopped)
            {
                stopped++;
            }
        }

        return stopped;
    }
}
