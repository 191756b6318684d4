using Backtrace.Capture.Linux.ProcFs;

namespace Backtrace.Capture;

/// <summary>Bounds and choices for one capture. <see cref="Validate"/> rejects values that make no sense.</summary>
public sealed class CaptureOptions
{
    /// <summary>Stack bytes copied per thread, from the stack pointer up (default 256 KiB).</summary>
    public int StackBytesPerThread { get; set; } = 256 * 1024;

    /// <summary>Upper bound on all memory copied from the target (default 64 MiB).</summary>
    public long MemoryBudgetBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes captured before and after a pointer-valued register (default 128 each side).</summary>
    public int PointerWindowBytes { get; set; } = 128;

    /// <summary>Bytes captured before and after the fault address (default 512 each side).</summary>
    public int FaultWindowBytes { get; set; } = 512;

    /// <summary>How long the freeze loop waits for every thread to report its stop.</summary>
    public TimeSpan StopDeadline { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Decides which environment variables are secrets.</summary>
    public SecretScrubber Scrubber { get; set; } = SecretScrubber.Default;

    /// <summary>Global symbols whose memory goes into the snapshot (<c>--global</c>).</summary>
    public List<string> Globals { get; set; } = [];

    /// <summary>Most bytes captured for one global (default 4 KiB).</summary>
    public int GlobalMaxBytes { get; set; } = 4096;

    /// <summary>
    /// Make every ptrace call of a live capture from the calling thread instead of a thread created for it (the tracer
    /// is a thread). Only for a caller that stays on one OS thread throughout (synchronous code, like the agent's main
    /// thread); it saves starting a thread per capture. Default false.
    /// </summary>
    public bool TraceFromCallingThread { get; set; }

    /// <summary>Executable to use instead of the path recorded in a core (<c>--exe</c>).</summary>
    public string? ExecutableOverride { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (StackBytesPerThread is < 4096 or > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"stack bytes per thread must be between 4096 and 67108864, not {StackBytesPerThread}");
        }

        if (MemoryBudgetBytes < StackBytesPerThread || MemoryBudgetBytes > 4L * 1024 * 1024 * 1024)
        {
            throw new ArgumentException($"the memory budget must be between the per-thread stack size and 4 GiB, not {MemoryBudgetBytes}");
        }

        if (PointerWindowBytes is < 0 or > 65536 || FaultWindowBytes is < 0 or > 65536)
        {
            throw new ArgumentException("memory windows around pointers and the fault must be between 0 and 65536 bytes");
        }

        if (GlobalMaxBytes is < 1 or > 1024 * 1024)
        {
            throw new ArgumentException($"the size limit for a global must be between 1 and 1048576 bytes, not {GlobalMaxBytes}");
        }
    }
}
