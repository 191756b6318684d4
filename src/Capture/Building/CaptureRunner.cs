using System.Diagnostics;
using Backtrace.Capture.Linux.ProcFs;
using Backtrace.Capture.Model;
using Backtrace.Capture.Platform;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>
/// One capture from start to snapshot: the front end copies the process, then the builder unwinds and
/// describes the copy. Requested globals of a live process are resolved before it is stopped, so
/// their memory is copied during the stop.
/// </summary>
public sealed class CaptureRunner(ICapturePlatform platform, ModuleCacheOptions moduleOptions, CaptureOptions captureOptions, SnapshotOptions snapshotOptions)
{
    /// <summary>Where the phases' time is recorded (<c>--timings</c>), or null.</summary>
    public CaptureTimings? Timings { get; init; }

    /// <summary>
    /// Work the caller wants done on a helper thread while the capture runs (after the live prefetch), such as
    /// warming up the serializer; the caller waits for it itself. Null for none.
    /// </summary>
    public Action? Meanwhile { get; init; }

    /// <summary>Captures a running process.</summary>
    public Snapshot CaptureLive(int pid)
    {
        var started = Stopwatch.GetTimestamp();
        using var cache = new ModuleCache(moduleOptions);
        var globals = ResolveGlobalsBeforeStop(pid, cache);
        using var helper = CaptureHelper.Start(pid, cache, snapshotOptions.Walk, Meanwhile);
        using var captured = platform.CaptureLive(pid, captureOptions, globals);
        Timings?.Lap("capture");
        return Build(captured, cache, started);
    }

    /// <summary>Reads a core file (<c>--exe</c> replaces the executable path the core names).</summary>
    public Snapshot ReadCore(string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var captured = platform.ReadCore(path, captureOptions);
        Timings?.Lap("core");
        using var cache = new ModuleCache(WithOverrides(captured));
        using var helper = Meanwhile is null ? null : CaptureHelper.Start(null, cache, snapshotOptions.Walk, Meanwhile);
        return Build(captured, cache, started);
    }

    /// <summary>Reads a streamed core; <paramref name="enrich"/> adds what was read from /proc before the stream.</summary>
    public Snapshot ReadCoreStream(Stream core, CoreStreamContext context, Action<CapturedProcess>? enrich)
    {
        var started = Stopwatch.GetTimestamp();
        using var captured = platform.ReadCoreStream(core, context, captureOptions);
        enrich?.Invoke(captured);
        Timings?.Lap("core stream");
        using var cache = new ModuleCache(WithOverrides(captured));
        using var helper = Meanwhile is null ? null : CaptureHelper.Start(null, cache, snapshotOptions.Walk, Meanwhile);
        return Build(captured, cache, started);
    }

    private Snapshot Build(CapturedProcess captured, ModuleCache cache, long started)
    {
        var snapshot = new SnapshotBuilder(cache, snapshotOptions) { Timings = Timings }.Build(captured, captureOptions.Globals, captureOptions.GlobalMaxBytes);
        if (snapshotOptions.Analyze)
        {
            CaptureAnalysis.Run(snapshot, captured, cache, snapshotOptions);
        }

        snapshot.Capture!.DurationMicroseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        return snapshot;
    }

    private ModuleCacheOptions WithOverrides(CapturedProcess captured)
    {
        if (captured.FileOverrides.Count == 0)
        {
            return moduleOptions;
        }

        // Clone keeps every setting (the on-disk caches among them); only the path mappings grow.
        var options = moduleOptions.Clone();
        options.PathMappings = [.. captured.FileOverrides.Select(o => new PathMapping(o.Key, o.Value)), .. moduleOptions.PathMappings];
        return options;
    }

    private List<(ulong Start, ulong End)> ResolveGlobalsBeforeStop(int pid, ModuleCache cache)
    {
        var ranges = new List<(ulong, ulong)>();

        // A map-only view of the process: enough for the module list and symbol lookup, no memory yet.
        using var layout = captureOptions.Globals.Count == 0 ? null : LiveLayout.ReadMap(pid);
        if (layout is null)
        {
            return ranges;
        }

        var unwinder = new ProcessUnwinder(layout, cache, new StackWalkOptions { SourceLines = false, InlineFrames = false });
        foreach (var name in captureOptions.Globals)
        {
            if (unwinder.TryFindSymbol(name, out var address, out var size))
            {
                ranges.Add((address, address + (ulong)Math.Clamp((long)size, 1, captureOptions.GlobalMaxBytes)));
            }
        }

        return ranges;
    }
}
