using System.Diagnostics;
using System.Runtime.InteropServices;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.NativeTargets;

/// <summary>
/// A minimal ptrace capture of a stopped process for the unwinder's tests: every thread's registers
/// (PTRACE_SEIZE, PTRACE_INTERRUPT, PTRACE_GETREGSET) and a copy of each thread's stack and of the vDSO from
/// <c>/proc/PID/mem</c>, then detach. The process stays stopped, so eu-stack can be run on it afterwards.
/// </summary>
public static partial class LiveCapture
{
    private const long PtraceSeize = 0x4206;
    private const long PtraceInterrupt = 0x4207;
    private const long PtraceGetRegSet = 0x4204;
    private const long PtraceDetach = 17;
    private const int NtPrStatus = 1;
    private const ulong MaxStackCopy = 16 << 20;

    /// <summary>What was captured.</summary>
    public sealed record Capture(CapturedProcess Process, IReadOnlyList<(int Tid, X64RegisterSet Registers)> Threads);

    /// <summary>Captures <paramref name="pid"/>; all ptrace calls happen on the calling thread, as ptrace requires.</summary>
    public static unsafe Capture Take(int pid)
    {
        var tids = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            tids.Add(int.Parse(Path.GetFileName(entry)));
        }

        tids.Sort();
        var threads = new List<(int, X64RegisterSet)>();
        var attached = new List<int>();
        try
        {
            foreach (var tid in tids)
            {
                Check(ptrace(PtraceSeize, tid, 0, 0), "PTRACE_SEIZE", tid);
                attached.Add(tid);
                Check(ptrace(PtraceInterrupt, tid, 0, 0), "PTRACE_INTERRUPT", tid);
            }

            var buffer = new byte[27 * 8];
            foreach (var tid in tids)
            {
                fixed (byte* regs = buffer)
                {
                    var vector = new IoVector { Base = regs, Length = (nuint)buffer.Length };

                    // The tracee reaches its ptrace-stop asynchronously; GETREGSET fails with ESRCH until it has.
                    var clock = Stopwatch.StartNew();
                    while (ptrace(PtraceGetRegSet, tid, NtPrStatus, (nint)(&vector)) != 0)
                    {
                        if (clock.Elapsed > TimeSpan.FromSeconds(10))
                        {
                            throw new TimeoutException($"thread {tid} did not enter a ptrace-stop: errno {Marshal.GetLastPInvokeError()}");
                        }

                        Thread.Yield();
                    }
                }

                threads.Add((tid, X64RegisterSet.FromUserRegs(buffer)));
            }

            var mappings = ProcMaps.Read(pid);
            var memory = new CapturedMemory();
            using var mem = File.OpenHandle($"/proc/{pid}/mem");
            foreach (var (start, end) in RangesToCopy(mappings, threads))
            {
                var bytes = new byte[end - start];
                var read = RandomAccess.Read(mem, bytes, (long)start);
                memory.Add(start, bytes.AsMemory(0, read));
            }

            return new Capture(new CapturedProcess(memory, mappings), threads);
        }
        finally
        {
            foreach (var tid in attached)
            {
                ptrace(PtraceDetach, tid, 0, 0);
            }
        }
    }

    private static List<(ulong Start, ulong End)> RangesToCopy(List<MappedRegion> mappings, List<(int, X64RegisterSet Registers)> threads)
    {
        var ranges = new List<(ulong Start, ulong End)>();
        foreach (var (_, registers) in threads)
        {
            var rsp = registers.Rsp;
            var region = mappings.Find(r => r.Contains(rsp));
            if (region.End != 0)
            {
                var start = Math.Max(region.Start, (rsp - 128) & ~0xfffUL);
                ranges.Add((start, Math.Min(region.End, start + MaxStackCopy)));
            }
        }

        foreach (var region in mappings)
        {
            if (region.Path == "[vdso]")
            {
                ranges.Add((region.Start, region.End));
            }
        }

        ranges.Sort();
        var merged = new List<(ulong Start, ulong End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static void Check(long result, string call, int tid)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} of thread {tid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long ptrace(long request, int pid, nint address, nint data);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }
}
