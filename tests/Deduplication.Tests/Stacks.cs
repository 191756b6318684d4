using Backtrace.Snapshots.Model;

namespace Backtrace.Deduplication.Tests;

/// <summary>Builds snapshots whose faulting thread has the given frames, innermost first.</summary>
internal static class Stacks
{
    private static int _seed;

    /// <summary>A frame named <paramref name="function"/> in <paramref name="module"/>, with addresses that differ
    /// on every call, as they do between two crashes of the same program under ASLR.</summary>
    public static SnapshotFrame Frame(string? function, string module = "/usr/bin/demo", ulong? moduleOffset = null)
    {
        var salt = (ulong)Interlocked.Increment(ref _seed);
        return new SnapshotFrame
        {
            Pc = 0x5555_0000_0000UL + (salt * 0x1000),
            Sp = 0x7ffc_0000_0000UL + (salt * 0x40),
            Function = function,
            FunctionOffset = salt % 97,
            Module = module,
            ModuleOffset = moduleOffset,
        };
    }

    public static Snapshot Crash(params SnapshotFrame[] frames) => new()
    {
        Uuid = Guid.NewGuid(),
        Timestamp = DateTimeOffset.UtcNow,
        Application = "demo",
        Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV", ThreadId = 1 },
        Threads =
        [
            new SnapshotThread { Tid = 2, Name = "idle", Frames = [Frame("epoll_wait"), Frame("main")] },
            new SnapshotThread { Tid = 1, Name = "worker", Faulted = true, Frames = [.. frames] },
        ],
    };

    public static Snapshot Crash(params string[] functions) => Crash(functions.Select(f => Frame(f)).ToArray());

    public static FingerprintResult Fingerprint(Snapshot snapshot, params FrameRule[] rules) =>
        Fingerprinter.Compute(snapshot, Fingerprinter.CurrentVersion, new FingerprintSettings(5, rules));

    public static string Of(params string[] functions) => Fingerprint(Crash(functions)).Fingerprint;
}
