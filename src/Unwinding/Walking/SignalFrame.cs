using System.Buffers.Binary;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>
/// The Linux x86-64 signal trampoline (glibc's <c>__restore_rt</c>, the SA_RESTORER of every handler): recognized by
/// its bytes, and unwound by restoring the interrupted context from the kernel's <c>struct ucontext</c>, which
/// <c>rsp</c> points at when the handler has returned into the trampoline. Used when the trampoline has no CFI.
/// </summary>
internal static class SignalFrame
{
    // mov $15, %rax (rt_sigreturn); syscall
    private static ReadOnlySpan<byte> Trampoline => [0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05];

    // uc_flags (8), uc_link (8), uc_stack (24), then uc_mcontext.gregs.
    private const ulong GregsOffset = 40;

    // gregs in glibc REG_* order: r8 r9 r10 r11 r12 r13 r14 r15 rdi rsi rbp rbx rdx rax rcx rsp rip eflags.
    private static ReadOnlySpan<byte> GregsToDwarf => [8, 9, 10, 11, 12, 13, 14, 15, 5, 4, 6, 3, 1, 0, 2, 7, 16, 49];

    /// <summary>True when the code at <paramref name="pc"/> is the rt_sigreturn trampoline.</summary>
    public static bool IsTrampoline(ModuleMap map, ulong pc)
    {
        Span<byte> bytes = stackalloc byte[9];
        return map.TryReadCode(pc, bytes) && bytes.SequenceEqual(Trampoline);
    }

    /// <summary>Restores the interrupted context from the ucontext at <paramref name="stackPointer"/>.</summary>
    public static bool TryRestore(ITargetProcess target, ulong stackPointer, out X64RegisterSet interrupted)
    {
        interrupted = default;
        var map = GregsToDwarf;
        Span<byte> gregs = stackalloc byte[8 * 18];
        if (!target.TryReadMemory(stackPointer + GregsOffset, gregs))
        {
            return false;
        }

        for (var i = 0; i < map.Length; i++)
        {
            interrupted[(X64Register)map[i]] = BinaryPrimitives.ReadUInt64LittleEndian(gregs[(i * 8)..]);
        }

        return true;
    }
}
