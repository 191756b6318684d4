using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Backtrace.Unwinding.Registers;

/// <summary>
/// The x86-64 registers of one frame, each either known or unknown. The innermost frame knows them all; a caller
/// frame knows what CFI (or the fallback that found it) recovered: rip, rsp, and the callee-saved registers.
/// A value type of 168 bytes with no allocation.
/// </summary>
public struct X64RegisterSet
{
    /// <summary>Bytes of a Linux <c>user_regs_struct</c> up to and including <c>gs_base</c>.</summary>
    public const int UserRegsMinimumSize = 184;

    private const int SlotCount = 20;

    // Byte offsets of each slot's register in the kernel's user_regs_struct (ptrace NT_PRSTATUS and core pr_reg):
    // r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi orig_rax rip cs eflags rsp ss fs_base gs_base ...
    private static ReadOnlySpan<byte> UserRegsOffsets =>
    [
        80, 96, 88, 40, 104, 112, 32, 152, // rax rdx rcx rbx rsi rdi rbp rsp
        72, 64, 56, 48, 24, 16, 8, 0,      // r8 .. r15
        128, 144, 168, 176,                // rip eflags fs_base gs_base
    ];

    private Slots _values;
    private uint _known;

    /// <summary>The value of <paramref name="register"/>; setting it marks it known.</summary>
    /// <exception cref="InvalidOperationException">Getting a register that is not known in this frame.</exception>
    public ulong this[X64Register register]
    {
        readonly get => TryGet(register, out var value)
            ? value
            : throw new InvalidOperationException($"register {X64RegisterNames.GetName(register)} is not known in this frame");
        set
        {
            var slot = CheckedSlot(register);
            _values[slot] = value;
            _known |= 1u << slot;
        }
    }

    /// <summary>The instruction pointer (throws when unknown, see the indexer).</summary>
    public ulong Rip
    {
        readonly get => this[X64Register.Rip];
        set => this[X64Register.Rip] = value;
    }

    /// <summary>The stack pointer (throws when unknown, see the indexer).</summary>
    public ulong Rsp
    {
        readonly get => this[X64Register.Rsp];
        set => this[X64Register.Rsp] = value;
    }

    /// <summary>True when no register is known.</summary>
    public readonly bool IsEmpty => _known == 0;

    /// <summary>Reads a register if it is known.</summary>
    public readonly bool TryGet(X64Register register, out ulong value)
    {
        var slot = SlotOf(register);
        if (slot >= 0 && (_known & (1u << slot)) != 0)
        {
            value = _values[slot];
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True when <paramref name="register"/> is known in this frame.</summary>
    public readonly bool IsKnown(X64Register register)
    {
        var slot = SlotOf(register);
        return slot >= 0 && (_known & (1u << slot)) != 0;
    }

    /// <summary>Marks <paramref name="register"/> unknown.</summary>
    public void Forget(X64Register register) => _known &= ~(1u << CheckedSlot(register));

    /// <summary>
    /// Reads a Linux <c>user_regs_struct</c> (the <c>NT_PRSTATUS</c> regset of <c>PTRACE_GETREGSET</c>, and
    /// <c>pr_reg</c> at offset 112 of a core's <c>NT_PRSTATUS</c> note): every register becomes known.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="UserRegsMinimumSize"/> bytes.</exception>
    public static X64RegisterSet FromUserRegs(ReadOnlySpan<byte> userRegs)
    {
        if (userRegs.Length < UserRegsMinimumSize)
        {
            throw new ArgumentException($"user_regs_struct needs at least {UserRegsMinimumSize} bytes, got {userRegs.Length}", nameof(userRegs));
        }

        var set = default(X64RegisterSet);
        var offsets = UserRegsOffsets;
        for (var slot = 0; slot < SlotCount; slot++)
        {
            set._values[slot] = BinaryPrimitives.ReadUInt64LittleEndian(userRegs[offsets[slot]..]);
        }

        set._known = (1u << SlotCount) - 1;
        return set;
    }

    /// <summary>Builds a set from snapshot register names; names it does not track (<c>cs</c>, <c>orig_rax</c>, ...) are ignored.</summary>
    public static X64RegisterSet FromDictionary(IReadOnlyDictionary<string, ulong> registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        var set = default(X64RegisterSet);
        foreach (var (name, value) in registers)
        {
            if (X64RegisterNames.TryParse(name, out var register))
            {
                set[register] = value;
            }
        }

        return set;
    }

    /// <summary>The known registers by snapshot name, for <c>SnapshotThread.Registers</c> and <c>SnapshotFrame.Registers</c>.</summary>
    public readonly Dictionary<string, ulong> ToDictionary()
    {
        var result = new Dictionary<string, ulong>(System.Numerics.BitOperations.PopCount(_known), StringComparer.Ordinal);
        var all = X64RegisterNames.All;
        for (var slot = 0; slot < SlotCount; slot++)
        {
            if ((_known & (1u << slot)) != 0)
            {
                result[X64RegisterNames.GetName(all[slot])] = _values[slot];
            }
        }

        return result;
    }

    /// <summary>Slot of a DWARF register number in the set, or -1 when the set does not track it.</summary>
    internal static int SlotOf(X64Register register) => (int)register switch
    {
        >= 0 and <= 16 => (int)register,
        49 => 17,
        58 => 18,
        59 => 19,
        _ => -1,
    };

    private static int CheckedSlot(X64Register register)
    {
        var slot = SlotOf(register);
        return slot >= 0 ? slot : throw new ArgumentOutOfRangeException(nameof(register), register, "not an x86-64 register the unwinder tracks");
    }

    [InlineArray(SlotCount)]
    private struct Slots
    {
        private ulong _element;
    }
}
