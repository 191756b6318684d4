using Backtrace.Capture.Linux.Cores;
using Backtrace.Capture.Linux.Live;
using Backtrace.Capture.Model;
using Backtrace.Capture.Platform;

namespace Backtrace.Capture.Linux;

/// <summary>Linux x86-64: ptrace + /proc for live processes, ELF cores, and the core_pattern pipe.</summary>
public sealed class LinuxPlatform : ICapturePlatform
{
    public static LinuxPlatform Instance { get; } = new();

    public string Name => "linux";

    public CapturedProcess CaptureLive(int pid, CaptureOptions options, IReadOnlyList<(ulong Start, ulong End)> extraRanges) =>
        options.TraceFromCallingThread
            ? new LinuxLiveCapture(pid, options, extraRanges).Capture()
            : RunOnOwnThread(() => new LinuxLiveCapture(pid, options, extraRanges).Capture());

    public CapturedProcess ReadCore(string path, CaptureOptions options) => LinuxCoreFile.Read(path, options);

    public CapturedProcess ReadCoreStream(Stream core, CoreStreamContext context, CaptureOptions options) =>
        new LinuxCoreStream(core, context, options).Read();

    /// <summary>
    /// ptrace's tracer is a thread: seize, wait and detach must come from one OS thread, which an
    /// async caller cannot promise. A dedicated thread can.
    /// </summary>
    private static T RunOnOwnThread<T>(Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 1024 * 1024) { Name = "ptrace", IsBackground = true };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return result!;
    }
}
