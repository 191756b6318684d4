using System.Runtime.InteropServices;

namespace Backtrace.Capture.Linux.Native;

/// <summary>
/// The libc calls the Linux front ends make. Source-generated P/Invoke (no runtime marshalling stubs),
/// so they work under NativeAOT. ptrace and waitpid must be called from the one OS thread that
/// attached: the tracer identity is a thread, not a process.
/// </summary>
internal static unsafe partial class LibC
{
    public const int Eperm = 1;
    public const int Esrch = 3;
    public const int Eintr = 4;
    public const int Eio = 5;
    public const int Efault = 14;
    public const int Echild = 10;

    [LibraryImport("libc", SetLastError = true)]
    public static partial long ptrace(long request, int pid, nint address, nint data);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint process_vm_readv(int pid, IoVec* localIov, ulong localCount, IoVec* remoteIov, ulong remoteCount, ulong flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int clock_gettime(int clock, out TimeSpec time);

    [LibraryImport("libc", SetLastError = true)]
    public static partial uint alarm(uint seconds);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int uname(byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setrlimit(int resource, in RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial nint strerror(int errno);

    public const int ORdonly = 0;
    public const int OCloexec = 0x80000;
    public const int ClockMonotonic = 1;
    public const int RlimitCore = 4;

    /// <summary>The message libc gives for an errno value, e.g. "Operation not permitted".</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? $"errno {errno}";

    /// <summary>Monotonic clock in nanoseconds; Stopwatch would do too, this reads the same clock the kernel stamps with.</summary>
    public static long MonotonicNanoseconds()
    {
        clock_gettime(ClockMonotonic, out var time);
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }
}

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoVec
{
    public nint Base;
    public nuint Length;
}

/// <summary><c>struct timespec</c> on x86-64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

/// <summary><c>struct rlimit</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RLimit
{
    public ulong Current;
    public ulong Maximum;
}
