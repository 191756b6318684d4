using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Bench;

/// <summary>
/// A snapshot shaped like the capture benchmark's large case: 60 threads, each with 64 KiB of captured stack,
/// 30 frames and a full register set, 240 mappings and 40 modules. The faulting thread wrote through a
/// dangling pointer that two other threads also hold (one in a register, one on its stack), so the alias
/// scan has every stack word to compare; its code bytes are captured.
/// </summary>
internal static class SixtyThreadSnapshot
{
    private const ulong Pc = 0x555555555200;
    private const int StackBytes = 64 * 1024;
    private const ulong Dangling = 0x7fdead000010;

    public static Snapshot Build()
    {
        var random = new Random(60);
        var snapshot = new Snapshot
        {
            Uuid = Guid.NewGuid(),
            Timestamp = DateTimeOffset.UnixEpoch,
            Process = new SnapshotProcess { Pid = 1000, Name = "bench" },
            Fault = new SnapshotFault { Signal = 11, Code = 1, Address = Dangling, ThreadId = 1000 },
        };
        snapshot.Mappings.Add(new MemoryMapping { Start = 0x555555554000, End = 0x555555556000, Permissions = "r-xp", Path = "/opt/bench" });
        for (var i = 0; i < 40; i++)
        {
            var start = 0x7f0000000000UL + ((ulong)i * 0x1000000);
            snapshot.Modules.Add(new SnapshotModule { Path = $"/usr/lib/lib{i}.so", Base = start, Size = 0x300000 });
            snapshot.Mappings.Add(new MemoryMapping { Start = start, End = start + 0x100000, Permissions = "r-xp", Path = $"/usr/lib/lib{i}.so" });
            snapshot.Mappings.Add(new MemoryMapping { Start = start + 0x100000, End = start + 0x200000, Permissions = "r--p", Path = $"/usr/lib/lib{i}.so" });
            snapshot.Mappings.Add(new MemoryMapping { Start = start + 0x200000, End = start + 0x300000, Permissions = "rw-p", Path = $"/usr/lib/lib{i}.so" });
        }

        snapshot.Memory.Add(new MemoryRegion { Address = Pc, Label = "register", Bytes = [0xc7, 0x00, 0x2a, 0x00, 0x00, 0x00, 0xc3, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90] });
        for (var t = 0; t < 60; t++)
        {
            var stackEnd = 0x7ff000000000UL + ((ulong)t * 0x1000000);
            var stackStart = stackEnd - 0x800000;
            snapshot.Mappings.Add(new MemoryMapping { Start = stackStart - 0x1000, End = stackStart, Permissions = "---p" });
            snapshot.Mappings.Add(new MemoryMapping { Start = stackStart, End = stackEnd, Permissions = "rw-p" });
            var rsp = stackEnd - StackBytes;
            var thread = new SnapshotThread { Tid = 1000 + t, Name = $"worker-{t}", Faulted = t == 0 };
            foreach (var name in (string[])["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"])
            {
                thread.Registers[name] = (ulong)random.NextInt64();
            }

            thread.Registers["rsp"] = rsp;
            thread.Registers["rip"] = t == 0 ? Pc : 0x7f0000001000UL + (ulong)t;
            if (t is 0 or 7)
            {
                thread.Registers["rax"] = Dangling;
            }

            for (var f = 0; f < 30; f++)
            {
                thread.Frames.Add(new SnapshotFrame
                {
                    Pc = f == 0 ? thread.Registers["rip"] : 0x7f0000002000UL + (ulong)(f * 0x40),
                    Sp = rsp + (ulong)(f * 0x200),
                    Function = f == 0 && t == 0 ? "crash_here" : $"function_{f}",
                    Trust = f == 0 ? FrameTrust.Context : FrameTrust.Cfi,
                });
            }

            var stack = new byte[StackBytes];
            random.NextBytes(stack);
            if (t == 12)
            {
                BitConverter.GetBytes(Dangling).CopyTo(stack, 0x1238);
            }
            snapshot.Memory.Add(new MemoryRegion { Address = rsp, Label = "stack", Bytes = stack });
            snapshot.Threads.Add(thread);
        }

        return snapshot;
    }
}
