using Backtrace.Snapshots.Model;

namespace Backtrace.Grains.Tests;

/// <summary>Snapshots of crashes, as the capture agent would produce them.</summary>
internal static class Crashes
{
    private static long _address = 0x5555_0000_0000;

    /// <summary>A SIGSEGV whose faulting thread has <paramref name="functions"/>, innermost first, at fresh addresses.</summary>
    public static Snapshot Segv(params string[] functions) => Signal(11, "SIGSEGV", functions);

    public static Snapshot Signal(int signal, string name, params string[] functions) => new()
    {
        Uuid = Guid.NewGuid(),
        Timestamp = DateTimeOffset.UtcNow.AddSeconds(-1),
        Application = "demo",
        ApplicationVersion = "1.0.0",
        Host = new SnapshotHost { Hostname = "box-1", Os = "linux", Architecture = "x86_64" },
        Fault = new SnapshotFault { Signal = signal, SignalName = name, ThreadId = 7 },
        Threads =
        [
            new SnapshotThread
            {
                Tid = 7,
                Faulted = true,
                Frames = [.. functions.Select(f => new SnapshotFrame { Pc = (ulong)Interlocked.Add(ref _address, 0x40), Function = f, Module = "/usr/bin/demo" })],
            },
        ],
        Attributes = new() { ["version"] = "1.0.0", ["hostname"] = "box-1" },
        Classifiers = ["null-dereference"],
    };
}
