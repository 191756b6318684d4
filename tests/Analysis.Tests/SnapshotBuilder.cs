using System.Text;
using Backtrace.Snapshots.Model;
using Iced.Intel;

namespace Backtrace.Analysis.Tests;

/// <summary>
/// Builds snapshots for rule tests: a process with a faulting thread, a memory map, captured memory and
/// code bytes assembled with Iced, so each rule sees what the agent would capture for that crash.
/// </summary>
internal sealed class SnapshotBuilder
{
    public const ulong CodeBase = 0x555555554000;
    public const ulong LibcBase = 0x7ffff7d80000;
    public const ulong HeapBase = 0x555555560000;
    public const ulong StackTop = 0x7ffffffff000;
    public const ulong StackBase = StackTop - 0x21000;
    public const int Pid = 4242;

    private readonly Snapshot _snapshot;

    public SnapshotBuilder()
    {
        _snapshot = new Snapshot
        {
            Uuid = Guid.NewGuid(),
            Timestamp = DateTimeOffset.UnixEpoch,
            Process = new SnapshotProcess { Pid = Pid, Name = "crash" },
            Mappings =
            [
                new MemoryMapping { Start = CodeBase, End = CodeBase + 0x1000, Permissions = "r--p", Path = "/opt/crash" },
                new MemoryMapping { Start = CodeBase + 0x1000, End = CodeBase + 0x3000, Permissions = "r-xp", Path = "/opt/crash" },
                new MemoryMapping { Start = CodeBase + 0x3000, End = CodeBase + 0x4000, Permissions = "r--p", Path = "/opt/crash" },
                new MemoryMapping { Start = HeapBase, End = HeapBase + 0x21000, Permissions = "rw-p", Path = "[heap]" },
                new MemoryMapping { Start = LibcBase, End = LibcBase + 0x28000, Permissions = "r--p", Path = "/usr/lib/x86_64-linux-gnu/libc.so.6" },
                new MemoryMapping { Start = LibcBase + 0x28000, End = LibcBase + 0x17d000, Permissions = "r-xp", Path = "/usr/lib/x86_64-linux-gnu/libc.so.6" },
                new MemoryMapping { Start = LibcBase + 0x1d0000, End = LibcBase + 0x1d4000, Permissions = "rw-p", Path = "/usr/lib/x86_64-linux-gnu/libc.so.6" },
                new MemoryMapping { Start = StackBase, End = StackTop, Permissions = "rw-p", Path = "[stack]" },
            ],
            Modules =
            [
                new SnapshotModule { Path = "/opt/crash", Base = CodeBase, Size = 0x4000 },
                new SnapshotModule { Path = "/usr/lib/x86_64-linux-gnu/libc.so.6", Base = LibcBase, Size = 0x1d4000 },
            ],
        };
        Faulting = new SnapshotThread { Tid = Pid, Name = "crash", Faulted = true };
        _snapshot.Threads.Add(Faulting);
        Faulting.Registers["rsp"] = StackTop - 0x1000;
    }

    public SnapshotThread Faulting { get; }

    public Snapshot Build() => _snapshot;

    public SnapshotBuilder Signal(int signal, int code, ulong? address = null, int? senderPid = null)
    {
        _snapshot.Fault = new SnapshotFault { Signal = signal, Code = code, Address = address, SenderPid = senderPid, ThreadId = Faulting.Tid };
        return this;
    }

    public SnapshotBuilder Registers(params (string Name, ulong Value)[] registers)
    {
        foreach (var (name, value) in registers)
        {
            Faulting.Registers[name] = value;
        }

        return this;
    }

    /// <summary>Assembles code at <paramref name="pc"/>, captures it, and points rip and frame 0 there.</summary>
    public SnapshotBuilder Code(ulong pc, Action<Assembler> emit, string? function = "crash_here")
    {
        var assembler = new Assembler(64);
        emit(assembler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), pc);
        Capture(pc, stream.ToArray(), "register");
        Faulting.Registers["rip"] = pc;
        if (Faulting.Frames.Count == 0)
        {
            Faulting.Frames.Add(new SnapshotFrame { Pc = pc, Function = function, Trust = FrameTrust.Context, Sp = Faulting.Registers["rsp"] });
        }

        return this;
    }

    public SnapshotBuilder Frames(params string[] functions)
    {
        var sp = Faulting.Registers.TryGetValue("rsp", out var rsp) ? rsp : StackTop - 0x1000;
        foreach (var function in functions)
        {
            Faulting.Frames.Add(new SnapshotFrame { Pc = LibcBase + 0x30000 + (ulong)Faulting.Frames.Count * 16, Function = function, Sp = sp, Trust = FrameTrust.Cfi });
            sp += 0x40;
        }

        return this;
    }

    public SnapshotBuilder Capture(ulong address, byte[] bytes, string label)
    {
        _snapshot.Memory.Add(new MemoryRegion { Address = address, Bytes = bytes, Label = label });
        return this;
    }

    public SnapshotBuilder Word(ulong address, ulong value, string label = "stack") =>
        Capture(address, BitConverter.GetBytes(value), label);

    public SnapshotBuilder Mapping(ulong start, ulong end, string permissions, string? path = null)
    {
        _snapshot.Mappings.Add(new MemoryMapping { Start = start, End = end, Permissions = permissions, Path = path });
        return this;
    }

    public SnapshotBuilder Module(string path, ulong start, ulong size)
    {
        _snapshot.Modules.Add(new SnapshotModule { Path = path, Base = start, Size = size });
        return this;
    }

    public SnapshotThread AddThread(long tid, params (string Name, ulong Value)[] registers)
    {
        var thread = new SnapshotThread { Tid = tid, Name = $"worker-{tid}" };
        foreach (var (name, value) in registers)
        {
            thread.Registers[name] = value;
        }

        _snapshot.Threads.Add(thread);
        return thread;
    }

    /// <summary>Captures glibc's <c>__abort_msg</c> as the agent does: the pointer global and the struct it points to.</summary>
    public SnapshotBuilder AbortMessage(string message)
    {
        const ulong symbol = LibcBase + 0x1d1000;
        const ulong text = 0x7ffff7fb0000;
        var body = Encoding.UTF8.GetBytes(message + "\0");
        var page = new byte[4 + body.Length];
        BitConverter.GetBytes((uint)4096).CopyTo(page, 0);
        body.CopyTo(page, 4);
        Mapping(text, text + 0x1000, "rw-p");
        Word(symbol, text, "global:__abort_msg");
        return Capture(text, page, "deref:__abort_msg");
    }

    public static AnalysisResult Analyze(Snapshot snapshot, AnalysisSources? sources = null) =>
        new SnapshotAnalyzer().Analyze(snapshot, sources);
}
