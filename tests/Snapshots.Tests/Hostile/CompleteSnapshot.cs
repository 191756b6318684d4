using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Tests.Hostile;

/// <summary>
/// A valid snapshot with every field of every model type set and every list and map holding at least one entry,
/// so that a test walking its JSON reaches every position a document can have (ModelWalkTests checks that it
/// stays complete as the model grows).
/// </summary>
internal static class CompleteSnapshot
{
    public static Snapshot Create() => new()
    {
        Uuid = Guid.Parse("2f8d1c3a-7b4e-4d9f-a1c2-5e6f7a8b9c0d"),
        Timestamp = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        Application = "demo",
        ApplicationVersion = "1.2.3",
        Agent = "backtrace-agent",
        AgentVersion = "0.1.0",
        Language = "c",
        LanguageVersion = "c17",
        Host = new SnapshotHost { Hostname = "box", Os = "linux", Kernel = "6.1.0", KernelVersion = "#1 SMP", Architecture = "x86_64" },
        Process = new SnapshotProcess
        {
            Pid = 42, ParentPid = 1, Uid = 1000, Name = "demo", Executable = "/usr/bin/demo", CommandLine = ["demo", "--go"],
            State = "running", AgeSeconds = 12.5,
        },
        Fault = new SnapshotFault
        {
            Signal = 11, SignalName = "SIGSEGV", Code = 1, CodeName = "SEGV_MAPERR", Address = 0x10, SenderPid = 7, SenderUid = 0, ThreadId = 42,
        },
        Error = new SnapshotError { Type = "TypeError", Message = "boom" },
        Capture = new CaptureInfo { Source = "live", StopMicroseconds = 900, DurationMicroseconds = 4000, Warnings = ["no kernel stack"] },
        Threads =
        [
            new SnapshotThread
            {
                Tid = 42,
                Name = "demo",
                State = "running",
                Faulted = true,
                Registers = new() { ["rip"] = 0x401136, ["rsp"] = 0x7ffc_0000_1000 },
                Frames =
                [
                    new SnapshotFrame
                    {
                        Pc = 0x401136, Sp = 0x7ffc_0000_1000, Module = "/usr/bin/demo", ModuleOffset = 0x1136, Function = "crash", FunctionOffset = 6,
                        File = "demo.c", Line = 7, Column = 5, Inlined = true, Trust = FrameTrust.Context,
                        Registers = new() { ["rbx"] = 1 },
                        Variables = [new SnapshotVariable { Name = "p", Type = "int *", Value = "0x0", Address = 0x7ffc_0000_1008 }],
                    },
                    new SnapshotFrame { Pc = 0x401200, Module = "/usr/bin/demo", Function = "main", Trust = FrameTrust.Cfi },
                ],
                KernelStack = ["[<0>] do_signal_stop+0x10/0x20"],
            },
            new SnapshotThread { Tid = 43, Name = "worker", State = "sleeping", Frames = [new SnapshotFrame { Pc = 0x7f00_0000_1234 }] },
        ],
        Modules =
        [
            new SnapshotModule { Path = "/usr/bin/demo", Base = 0x400000, Size = 0x2000, BuildId = "abcd", DebugFile = "/usr/lib/debug/demo.debug", DiskBuildId = "abce" },
        ],
        Mappings = [new MemoryMapping { Start = 0x400000, End = 0x402000, Permissions = "r-xp", Offset = 0, Path = "/usr/bin/demo" }],
        Memory = [new MemoryRegion { Address = 0x7ffc_0000_1000, Permissions = "rw-p", Label = "stack", Bytes = [1, 2, 3] }],
        Environment = new SnapshotEnvironment
        {
            System = new() { ["mem.total"] = 1024.0 },
            Process = new() { ["vm.rss"] = 512.0 },
            Limits = new() { ["core"] = "unlimited" },
            Variables = new() { ["HOME"] = "/root" },
        },
        Attributes = new() { ["version"] = "1.2.3", ["build"] = 17.0, ["canary"] = true },
        Annotations =
        [
            new Annotation
            {
                Level = AnnotationLevel.Warning,
                Name = "Null dereference",
                Text = "p is null",
                Json = JsonDocument.Parse("""{"reason":"why","nested":[1,{"k":null}]}""").RootElement,
                Source = "analysis/null-dereference",
                Target = new AnnotationTarget { ThreadId = 42, FrameIndex = 0, Address = 0x10 },
            },
        ],
        Classifiers = ["null-dereference"],
        Fingerprint = "demo-group",
    };
}
