using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Tests.Support;

/// <summary>
/// Snapshots built in code for the viewer tests: a null-pointer write in <c>crash()</c> called from <c>main()</c>,
/// three idle workers with identical stacks, an I/O thread, and real x86-64 code bytes around both pcs so the
/// disassembly is decoded from actual machine code.
/// </summary>
internal static class TestSnapshots
{
    public const long FaultingTid = 4242;
    public const string BuildDirectory = "/build/demo";
    public const ulong CrashPc = 0x401136;
    public const ulong MainReturn = 0x401200;
    public const ulong CrashSp = 0x7ffc_0000_f000;

    /// <summary>The source of demo.c as the test writes it to disk; line 7 is the faulting line.</summary>
    public static readonly string[] DemoSource =
    [
        "#include <stdio.h>",
        "",
        "static void crash(int depth)",
        "{",
        "\tint *p = 0;",
        "\t(void)depth;",
        "\t*p = 42; /* the fault */",
        "}",
        "",
        "int main(void)",
        "{",
        "\tcrash(3);",
        "\treturn 0;",
        "}",
    ];

    public static Snapshot Crash() => new()
    {
        Uuid = Guid.Parse("0c2b9f4e-3d1a-4e5b-8f6a-7b8c9d0e1f20"),
        Timestamp = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        Application = "demo",
        ApplicationVersion = "1.2.3",
        Agent = "hydra-tests",
        Host = new SnapshotHost { Hostname = "box", Os = "linux", Kernel = "6.1.0", Architecture = "x86_64" },
        Process = new SnapshotProcess { Pid = 4242, Name = "demo", Executable = $"{BuildDirectory}/demo", CommandLine = ["demo", "--crash"], State = "traced" },
        Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV", Code = 1, CodeName = "SEGV_MAPERR", Address = 0x10, ThreadId = FaultingTid },
        Capture = new CaptureInfo { Source = "live", StopMicroseconds = 1234, DurationMicroseconds = 5678, Warnings = ["thread 4247: registers unreadable"] },
        Threads =
        [
            Worker(4243),
            new SnapshotThread
            {
                Tid = FaultingTid,
                Name = "demo",
                State = "traced",
                Faulted = true,
                Registers = new() { ["rip"] = CrashPc, ["rsp"] = CrashSp, ["rbp"] = CrashSp + 0x10, ["rax"] = 0x0, ["rdi"] = 3 },
                Frames =
                [
                    new SnapshotFrame
                    {
                        Pc = CrashPc, Sp = CrashSp, Module = $"{BuildDirectory}/demo", ModuleOffset = 0x1136, Function = "crash", FunctionOffset = 0x6,
                        File = $"{BuildDirectory}/demo.c", Line = 7, Trust = FrameTrust.Context,
                        Variables = [new SnapshotVariable { Name = "p", Type = "int *", Value = "0x0", Address = CrashSp + 0x8 }, new SnapshotVariable { Name = "depth", Type = "int", Value = "3" }],
                    },
                    new SnapshotFrame
                    {
                        Pc = MainReturn, Sp = CrashSp + 0x20, Module = $"{BuildDirectory}/demo", ModuleOffset = 0x1200, Function = "main", FunctionOffset = 0x10,
                        File = $"{BuildDirectory}/demo.c", Line = 12, Trust = FrameTrust.Cfi,
                        Registers = new() { ["rip"] = MainReturn, ["rsp"] = CrashSp + 0x20, ["rbp"] = CrashSp + 0x30 },
                    },
                    new SnapshotFrame { Pc = 0x7f00_0002_9d90, Sp = CrashSp + 0x40, Module = "/lib/x86_64-linux-gnu/libc.so.6", ModuleOffset = 0x29d90, Function = "__libc_start_call_main", FunctionOffset = 0x80, Trust = FrameTrust.FramePointer },
                    new SnapshotFrame { Pc = 0x7f00_0002_99ff, Module = "/lib/x86_64-linux-gnu/libc.so.6", ModuleOffset = 0x299ff, Trust = FrameTrust.Scan },
                ],
                KernelStack = ["[<0>] do_signal+0x2c/0x250", "[<0>] exit_to_user_mode_prepare+0x11a/0x190"],
            },
            Worker(4244),
            Worker(4245),
            new SnapshotThread
            {
                Tid = 4246,
                Name = "io",
                State = "disk",
                Registers = new() { ["rip"] = 0x7f00_0011_4a7d, ["rsp"] = 0x7ffc_0001_0000 },
                Frames =
                [
                    new SnapshotFrame { Pc = 0x7f00_0011_4a7d, Module = "/lib/x86_64-linux-gnu/libc.so.6", ModuleOffset = 0x114a7d, Function = "read", FunctionOffset = 0x1d, Trust = FrameTrust.Context },
                    new SnapshotFrame { Pc = 0x401300, Module = $"{BuildDirectory}/demo", ModuleOffset = 0x1300, Function = "io_loop", FunctionOffset = 0x20, File = $"{BuildDirectory}/io.c", Line = 30, Trust = FrameTrust.Cfi },
                ],
            },
            new SnapshotThread { Tid = 4247, Name = "reaper", State = "zombie" },
        ],
        Modules =
        [
            new SnapshotModule { Path = $"{BuildDirectory}/demo", Base = 0x400000, Size = 0x2000, BuildId = "abcdef0123" },
            new SnapshotModule { Path = "/lib/x86_64-linux-gnu/libc.so.6", Base = 0x7f00_0000_0000, Size = 0x20_0000, BuildId = "0011223344" },
        ],
        Mappings =
        [
            new MemoryMapping { Start = 0x400000, End = 0x402000, Permissions = "r-xp", Path = $"{BuildDirectory}/demo" },
            new MemoryMapping { Start = 0x1000000, End = 0x1021000, Permissions = "rw-p", Path = "[heap]" },
            new MemoryMapping { Start = 0x7f00_0000_0000, End = 0x7f00_0020_0000, Permissions = "r-xp", Path = "/lib/x86_64-linux-gnu/libc.so.6" },
            new MemoryMapping { Start = 0x7ffc_0000_0000, End = 0x7ffc_0002_1000, Permissions = "rw-p", Path = "[stack]" },
        ],
        Memory =
        [
            new MemoryRegion { Address = CrashSp, Permissions = "rw-p", Label = "stack", Bytes = StackBytes() },
            new MemoryRegion { Address = 0x401130, Permissions = "r-xp", Label = "code", Bytes = CrashCode },
            new MemoryRegion { Address = 0x4011f0, Permissions = "r-xp", Label = "code", Bytes = MainCode },
        ],
        Environment = new SnapshotEnvironment
        {
            System = new() { ["mem.total"] = 16_000_000_000d, ["load.1"] = 0.5 },
            Process = new() { ["rss"] = 1_048_576d, ["threads"] = 6d },
            Limits = new() { ["core"] = "unlimited" },
            Variables = new() { ["LANG"] = "C.UTF-8" },
        },
        Attributes = new() { ["application"] = "demo", ["version"] = "1.2.3", ["build"] = 17d, ["canary"] = true },
        Classifiers = ["null-dereference", "segv"],
        Annotations =
        [
            new Annotation { Level = AnnotationLevel.Comment, Name = "Build info", Json = JsonDocument.Parse("""{"compiler":"gcc 12"}""").RootElement },
            new Annotation { Level = AnnotationLevel.Critical, Name = "Null dereference", Source = "analysis/null-dereference", Text = "write of 4 bytes to 0x10", Target = new AnnotationTarget { ThreadId = FaultingTid, FrameIndex = 1 } },
            new Annotation { Level = AnnotationLevel.Warning, Name = "Idle worker", Text = "worker 4244 waits on a futex", Target = new AnnotationTarget { ThreadId = 4244, FrameIndex = 1 } },
            new Annotation { Level = AnnotationLevel.Warning, Name = "Lost thread", Text = "names a thread that is gone", Target = new AnnotationTarget { ThreadId = 9999 } },
        ],
    };

    /// <summary>push rbp; mov rbp,rsp; xor eax,eax; mov dword ptr [rax],2Ah (the pc, 0x401136); pop rbp; ret.</summary>
    public static readonly byte[] CrashCode = [0x55, 0x48, 0x89, 0xe5, 0x31, 0xc0, 0xc7, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x5d, 0xc3];

    /// <summary>nop; nop; push rbp; mov rbp,rsp; mov edi,3; call 0x401130 (ends at 0x401200); xor eax,eax; pop rbp; ret.</summary>
    public static readonly byte[] MainCode =
        [0x90, 0x90, 0x55, 0x48, 0x89, 0xe5, 0xbf, 0x03, 0x00, 0x00, 0x00, 0xe8, 0x30, 0xff, 0xff, 0xff, 0x31, 0xc0, 0x5d, 0xc3];

    private static SnapshotThread Worker(long tid) => new()
    {
        Tid = tid,
        Name = "worker",
        State = "sleeping",
        Registers = new() { ["rip"] = 0x7f00_0009_1234, ["rsp"] = 0x7ffc_0000_8000 },
        Frames =
        [
            new SnapshotFrame { Pc = 0x7f00_0009_1234, Module = "/lib/x86_64-linux-gnu/libc.so.6", ModuleOffset = 0x91234, Function = "futex_wait", FunctionOffset = 0x34, Trust = FrameTrust.Context },
            new SnapshotFrame { Pc = 0x401280, Module = $"{BuildDirectory}/demo", ModuleOffset = 0x1280, Function = "worker_loop", FunctionOffset = 0x10, File = $"{BuildDirectory}/worker.c", Line = 21, Trust = FrameTrust.Cfi },
        ],
        KernelStack = ["[<0>] futex_wait_queue+0x60/0x90"],
    };

    /// <summary>Eight stack slots at <see cref="CrashSp"/>: a saved rbp, the return address into main at +0x18, a libc pointer.</summary>
    private static byte[] StackBytes()
    {
        ulong[] slots = [0x0, 0x3, CrashSp + 0x30, MainReturn, 0x1, 0x7f00_0002_9d90, 0x0, 0x0];
        var bytes = new byte[slots.Length * 8];
        for (var i = 0; i < slots.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), slots[i]);
        }

        return bytes;
    }

    /// <summary>Writes <paramref name="snapshot"/> as JSON to a new file in <paramref name="directory"/>.</summary>
    public static string Write(Snapshot snapshot, string directory, string name = "crash.json")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, SnapshotJson.Serialize(snapshot));
        return path;
    }
}
