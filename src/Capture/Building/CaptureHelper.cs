using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>
/// One helper thread beside a capture. For a live process it first warms the module cache while the process is being
/// captured: the modules, symbol tables, unwind tables and source lines that the blocked threads' current pcs need
/// (nearly always libc's, from its large debug file) are loaded here meanwhile, so the walk that follows finds them
/// ready. Then it runs the caller's own work (<see cref="CaptureRunner.Meanwhile"/>). Purely an optimisation:
/// everything the prefetch loads is loaded lazily anyway, and a failure here changes nothing but the time.
/// </summary>
internal sealed class CaptureHelper : IDisposable
{
    private readonly ManualResetEventSlim _prefetched = new();

    private CaptureHelper(int? pid, ModuleCache cache, StackWalkOptions options, Action? then)
    {
        new Thread(() =>
        {
            try
            {
                if (pid is { } target)
                {
                    Prefetch(target, cache, options);
                }
            }
            finally
            {
                _prefetched.Set();
            }

            then?.Invoke();
        }) { Name = "capture-helper", IsBackground = true }.Start();
    }

    /// <summary>Starts the helper: prefetching for process <paramref name="pid"/> (when not null) into <paramref name="cache"/>, then <paramref name="then"/>.</summary>
    public static CaptureHelper Start(int? pid, ModuleCache cache, StackWalkOptions options, Action? then) => new(pid, cache, options, then);

    /// <summary>Waits for the prefetch (not for the work after it): the cache must not be disposed under it.</summary>
    public void Dispose()
    {
        _prefetched.Wait();
        _prefetched.Dispose();
    }

    private static void Prefetch(int pid, ModuleCache cache, StackWalkOptions options)
    {
        try
        {
            using var layout = LiveLayout.ReadMap(pid);
            if (layout is null)
            {
                return;
            }

            var unwinder = new ProcessUnwinder(layout, cache, options);
            foreach (var pc in new HashSet<ulong>(LiveLayout.ReadBlockedPcs(pid)))
            {
                unwinder.Prepare(pc);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // Only time is lost: the capture's own walk loads what it needs and reports any problem itself.
        }
    }
}
