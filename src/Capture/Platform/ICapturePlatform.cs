using Backtrace.Capture.Model;

namespace Backtrace.Capture.Platform;

/// <summary>
/// The OS-specific front ends. Each copies a process into the OS-neutral <see cref="CapturedProcess"/>;
/// everything after that (unwinding, symbols, the snapshot, delivery) is shared. Linux is implemented;
/// docs/platforms.md designs FreeBSD and illumos behind this same interface.
/// </summary>
public interface ICapturePlatform
{
    /// <summary>OS family name as the snapshot reports it (<c>linux</c>).</summary>
    string Name { get; }

    /// <summary>Stops a running process briefly, copies it, releases it.</summary>
    /// <param name="pid">Process id.</param>
    /// <param name="options">Bounds of the copy.</param>
    /// <param name="extraRanges">More memory to copy while stopped (resolved globals).</param>
    CapturedProcess CaptureLive(int pid, CaptureOptions options, IReadOnlyList<(ulong Start, ulong End)> extraRanges);

    /// <summary>Reads a core file in place.</summary>
    CapturedProcess ReadCore(string path, CaptureOptions options);

    /// <summary>Reads a core streamed by the kernel (the crash hook), keeping only what the snapshot needs.</summary>
    CapturedProcess ReadCoreStream(Stream core, CoreStreamContext context, CaptureOptions options);
}
