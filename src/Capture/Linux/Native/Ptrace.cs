using System.Runtime.InteropServices;

namespace Backtrace.Capture.Linux.Native;

/// <summary>ptrace requests, wait flags and the register-set calls the live front end uses (x86-64 values).</summary>
internal static unsafe class Ptrace
{
    public const long Detach = 17;
    public const long GetSigInfo = 0x4202;
    public const long GetRegSet = 0x4204;
    public const long Seize = 0x4206;
    public const long Interrupt = 0x4207;
    public const long PeekSigInfo = 0x4209;

    public const int NtPrStatus = 1;
    public const int EventStop = 128;

    public const int WNoHang = 1;
    public const int WAll = 0x40000000;

    public const int SigTrap = 5;
    public const int SigStop = 19;

    /// <summary>Attaches without stopping (PTRACE_SEIZE) and asks for a stop (PTRACE_INTERRUPT). Returns 0 or errno.</summary>
    public static int SeizeAndInterrupt(int tid)
    {
        if (LibC.ptrace(Seize, tid, 0, 0) < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        return LibC.ptrace(Interrupt, tid, 0, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Reads the general registers (NT_PRSTATUS regset) of a stopped tracee. Returns 0 or errno.</summary>
    public static int GetRegisters(int tid, byte* destination)
    {
        var iov = new IoVec { Base = (nint)destination, Length = (nuint)Model.UserRegisters.Size };
        return LibC.ptrace(GetRegSet, tid, NtPrStatus, (nint)(&iov)) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Reads the 128-byte siginfo of a tracee in signal-delivery stop. Returns 0 or errno.</summary>
    public static int GetSignalInfo(int tid, byte* destination) =>
        LibC.ptrace(GetSigInfo, tid, 0, (nint)destination) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>
    /// Copies up to <paramref name="count"/> siginfos queued for the tracee (its own queue, not the process-wide one)
    /// into <paramref name="destination"/> without dequeuing them (PTRACE_PEEKSIGINFO, any ptrace stop). Returns the
    /// number copied, or -errno.
    /// </summary>
    public static int PeekQueuedSignals(int tid, byte* destination, int count)
    {
        // struct ptrace_peeksiginfo_args { u64 off; u32 flags; s32 nr; }
        var arguments = stackalloc long[2];
        arguments[0] = 0;
        arguments[1] = (long)count << 32;
        var copied = LibC.ptrace(PeekSigInfo, tid, (nint)arguments, (nint)destination);
        return copied < 0 ? -Marshal.GetLastPInvokeError() : (int)copied;
    }

    /// <summary>Detaches, delivering <paramref name="signal"/> (0 for none). Returns 0 or errno.</summary>
    public static int DetachThread(int tid, int signal) =>
        LibC.ptrace(Detach, tid, 0, signal) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public static bool IsStopped(int status) => (status & 0xff) == 0x7f;

    public static int StopSignal(int status) => (status >> 8) & 0xff;

    /// <summary>The PTRACE_EVENT_* of a stop, 0 for a signal-delivery stop.</summary>
    public static int StopEvent(int status) => (status >> 16) & 0xff;

    /// <summary>True when a waitpid status reports the thread gone (exited or killed); without WCONTINUED
    /// every status that is not a stop is one of those.</summary>
    public static bool IsGone(int status) => !IsStopped(status);
}
