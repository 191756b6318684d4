using System.Buffers.Binary;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Unwinding.Tests;

/// <summary>Synthetic processes with hostile registers and stacks: every walk ends, with a reason, within its limits.</summary>
public sealed class HostileUnwindTests : IDisposable
{
    private const ulong Code = 0x10_0000;
    private const ulong Stack = 0x7ff0_0000;
    private const ulong StackSize = 0x10000;
    private readonly ModuleCache _cache = new();

    [Fact]
    public void MissingRipOrRsp_EndsWithNoContext()
    {
        var walk = Unwinder(new byte[StackSize]).Walk(default);
        Assert.Equal(StackWalkEnd.NoContext, walk.End);
        Assert.Empty(walk.Frames);
    }

    [Fact]
    public void GarbageRegisters_EndLostWithOneFrame()
    {
        var registers = X64RegisterSet.FromUserRegs(new byte[X64RegisterSet.UserRegsMinimumSize]);
        registers.Rip = 0xdead_0000_0000_0000;
        var walk = Unwinder(new byte[StackSize]).Walk(registers);
        Assert.Equal(StackWalkEnd.Lost, walk.End);
        Assert.Single(walk.Frames);
        Assert.Contains("no module", walk.Detail);
    }

    [Fact]
    public void FramePointerPointingAtItself_DoesNotLoop()
    {
        var stack = new byte[StackSize];
        var rbp = Stack + 0x100;
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan(0x100), rbp);
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan(0x108), Code + 0x15);
        var walk = Unwinder(stack).Walk(Registers(Code + 0x40, Stack + 0x80, rbp));
        Assert.True(walk.Frames.Count < 10, $"{walk.Frames.Count} frames from a one-frame loop");
        Assert.NotEqual(StackWalkEnd.FrameLimit, walk.End);
    }

    [Fact]
    public void StackFullOfReturnAddresses_StopsAtTheFrameLimit()
    {
        var stack = new byte[StackSize];
        for (var offset = 0; offset < stack.Length; offset += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan(offset), Code + 0x15);
        }

        var walk = Unwinder(stack, new StackWalkOptions { MaxFrames = 50 }).Walk(Registers(Code + 0x40, Stack, 0));
        Assert.Equal(StackWalkEnd.FrameLimit, walk.End);
        Assert.Equal(50, walk.Frames.Count);
        Assert.All(walk.Frames.Skip(1), f => Assert.Equal(Snapshots.Model.FrameTrust.Scan, f.Trust));
    }

    [Fact]
    public void ScanLimit_BoundsHowFarTheScanLooks()
    {
        var stack = new byte[StackSize];
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan(200 * 8), Code + 0x15);
        var near = Unwinder(stack, new StackWalkOptions { MaxScanWords = 100 }).Walk(Registers(Code + 0x40, Stack, 0));
        Assert.Equal(StackWalkEnd.Lost, near.End);
        var far = Unwinder(stack, new StackWalkOptions { MaxScanWords = 300 }).Walk(Registers(Code + 0x40, Stack, 0));
        Assert.Equal(Code + 0x15, far.Frames[1].Pc);
        Assert.Equal(Stack + (201 * 8), far.Frames[1].Sp);
    }

    [Fact]
    public void SignalTrampolineWithoutCfi_RestoresTheInterruptedContextFromTheUcontext()
    {
        // rt_sigreturn trampoline bytes at 0x100; the ucontext sits at rsp with gregs at +40 (glibc REG_* order).
        var stack = new byte[StackSize];
        var gregs = stack.AsSpan(0x200 + 40);
        BinaryPrimitives.WriteUInt64LittleEndian(gregs[(10 * 8)..], Stack + 0x900); // rbp
        BinaryPrimitives.WriteUInt64LittleEndian(gregs[(11 * 8)..], 0x1234);         // rbx
        BinaryPrimitives.WriteUInt64LittleEndian(gregs[(15 * 8)..], Stack + 0x800); // rsp
        BinaryPrimitives.WriteUInt64LittleEndian(gregs[(16 * 8)..], Code + 0x40);   // rip: the interrupted instruction
        var memory = Memory(stack, code => new byte[] { 0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05 }.CopyTo(code, 0x100));
        var walk = new ProcessUnwinder(new CapturedProcess(memory, Regions(null)), _cache).Walk(Registers(Code + 0x100, Stack + 0x200, 0));
        Assert.Equal(Code + 0x40, walk.Frames[1].Pc);
        Assert.Equal(Stack + 0x800, walk.Frames[1].Sp);
        Assert.Equal(Snapshots.Model.FrameTrust.Context, walk.Frames[1].Trust);
        Assert.Equal(0x1234UL, walk.Frames[1].Registers!["rbx"]);
    }

    [Fact]
    public void ModuleWhoseFileIsMissing_IsReportedAndStillNamesItsFrames()
    {
        var module = new TargetModule("/nonexistent/libgone.so", Code, Code + 0x1000);
        var process = new CapturedProcess(Memory(new byte[StackSize]), Regions("/nonexistent/libgone.so"), [module]);
        var unwinder = new ProcessUnwinder(process, _cache);
        var resolved = Assert.Single(unwinder.Modules);
        Assert.Contains("file not found", resolved.Problem);
        var walk = unwinder.Walk(Registers(Code + 0x40, Stack, 0));
        Assert.Equal("/nonexistent/libgone.so", walk.Frames[0].Module);
        Assert.Null(walk.Frames[0].Function);
    }

    [Fact]
    public void InvalidOptions_AreRejectedWithTheSettingName()
    {
        Assert.Contains("MaxFrames", Assert.Throws<ArgumentException>(() => new StackWalkOptions { MaxFrames = 0 }.Validate()).Message);
        Assert.Contains("DebugDirectories", Assert.Throws<ArgumentException>(() => new ModuleCache(new ModuleCacheOptions { DebugDirectories = ["relative"] })).Message);
    }

    public void Dispose() => _cache.Dispose();

    private ProcessUnwinder Unwinder(byte[] stack, StackWalkOptions? options = null) =>
        new(new CapturedProcess(Memory(stack), Regions(null)), _cache, options);

    /// <summary>Code: "call rel32" at 0x10 (so 0x15 is a return address), then int3 padding.</summary>
    private static CapturedMemory Memory(byte[] stack, Action<byte[]>? patch = null)
    {
        var code = Enumerable.Repeat((byte)0xcc, 0x1000).ToArray();
        code[0x10] = 0xe8;
        patch?.Invoke(code);
        var memory = new CapturedMemory();
        memory.Add(Code, code);
        memory.Add(Stack, stack);
        return memory;
    }

    private static List<MappedRegion> Regions(string? codePath) =>
    [
        new(Code, Code + 0x1000, 0, RegionPermissions.Read | RegionPermissions.Execute, codePath),
        new(Stack, Stack + StackSize, 0, RegionPermissions.Read | RegionPermissions.Write, "[stack]"),
    ];

    private static X64RegisterSet Registers(ulong rip, ulong rsp, ulong rbp)
    {
        var registers = default(X64RegisterSet);
        registers.Rip = rip;
        registers.Rsp = rsp;
        if (rbp != 0)
        {
            registers[X64Register.Rbp] = rbp;
        }

        return registers;
    }
}
