using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Tests;

/// <summary>Snapshots built in code for format tests.</summary>
internal static class SampleSnapshots
{
    public static Snapshot NullDereference() => new()
    {
        Uuid = Guid.Parse("6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01"),
        Timestamp = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        Application = "demo",
        ApplicationVersion = "1.2.3",
        Host = new SnapshotHost { Hostname = "box", Os = "linux", Kernel = "6.1.0", Architecture = "x86_64" },
        Process = new SnapshotProcess { Pid = 42, Name = "demo", Executable = "/usr/bin/demo", CommandLine = ["demo", "--go"] },
        Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV", Code = 1, CodeName = "SEGV_MAPERR", Address = 0x10, ThreadId = 42 },
        Threads =
        [
            new SnapshotThread
            {
                Tid = 42,
                Name = "demo",
                State = "running",
                Faulted = true,
                Registers = new() { ["rip"] = 0xdead_beef_0000_0010UL, ["rsp"] = 0x7ffc_0000_1000UL },
                Frames =
                [
                    new SnapshotFrame { Pc = 0x401136, Module = "/usr/bin/demo", Function = "crash", File = "demo.c", Line = 7, Trust = FrameTrust.Context },
                    new SnapshotFrame { Pc = 0x401200, Module = "/usr/bin/demo", Function = "main", Trust = FrameTrust.Cfi },
                    new SnapshotFrame { Pc = 0x7f00_0000_1234, Module = "/lib/libc.so.6", Function = "__libc_start_main", Trust = FrameTrust.FramePointer },
                ],
            },
        ],
        Modules = [new SnapshotModule { Path = "/usr/bin/demo", Base = 0x400000, Size = 0x2000, BuildId = "abcd" }],
        Memory = [new MemoryRegion { Address = 0x7ffc_0000_1000UL, Permissions = "rw-p", Label = "stack", Bytes = [1, 2, 3] }],
        Attributes = new() { ["version"] = "1.2.3", ["build"] = 17.0, ["canary"] = true },
        Annotations =
        [
            new Annotation
            {
                Level = AnnotationLevel.Warning,
                Name = "Null dereference",
                Json = JsonDocument.Parse("""{"reason":"why"}""").RootElement,
            },
        ],
        Classifiers = ["null-dereference"],
    };
}
