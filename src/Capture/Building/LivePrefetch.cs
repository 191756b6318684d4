using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>
/// Warms the module cache while a live process is being captured on the ptrace thread: the modules, symbol tables,
/// unwind tables and source lines that the blocked threads' current pcs need (nearly always libc's, from its large
/// debug file) are loaded on this thread in the meantime, so the walk that follows finds them ready. Purely an
/// optimisation: everything it loads is loaded lazily anyway, and a failure here changes nothing but the time.
/// </summary>
internal sealed class LivePrefetch : IDisposable
{
    private readonly Thread _thread;

    private LivePrefetch(int pid, ModuleCache cache, StackWalkOptions options)
    {
        _thread = new Thread(() => Run(pid, cache, options)) { Name = "prefetch", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Starts prefetching for process <paramref name="pid"/> into <paramref name="cache"/>.</summary>
    public static LivePrefetch Start(int pid, ModuleCache cache, StackWalkOptions options) => new(pid, cache, options);

    /// <summary>Waits for the prefetch to finish (the cache must not be disposed under it).</summary>
    public void Dispose() => _thread.Join();

    private static void Run(int pid, ModuleCache cache, StackWalkOptions options)
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
