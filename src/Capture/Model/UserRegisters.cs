using System.Runtime.CompilerServices;

namespace Backtrace.Capture.Model;

/// <summary>
/// The x86-64 general registers in the Linux <c>user_regs_struct</c> order (27 × u64): the layout of
/// PTRACE_GETREGSET/NT_PRSTATUS and of <c>pr_reg</c> in a core's NT_PRSTATUS note. Other OS front ends
/// convert their own layouts into this one.
/// </summary>
[InlineArray(Count)]
public struct UserRegisters
{
    /// <summary>Number of 64-bit slots.</summary>
    public const int Count = 27;

    /// <summary>Size in bytes (216).</summary>
    public const int Size = Count * 8;

    private ulong _slot;

    public const int R15 = 0, R14 = 1, R13 = 2, R12 = 3, Rbp = 4, Rbx = 5, R11 = 6, R10 = 7, R9 = 8, R8 = 9,
        Rax = 10, Rcx = 11, Rdx = 12, Rsi = 13, Rdi = 14, OrigRax = 15, Rip = 16, Cs = 17, Eflags = 18, Rsp = 19,
        Ss = 20, FsBase = 21, GsBase = 22, Ds = 23, Es = 24, Fs = 25, Gs = 26;

    /// <summary>Lower-case names in slot order, as the snapshot's register maps use them.</summary>
    public static readonly string[] Names =
    [
        "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi",
        "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base", "gs_base", "ds", "es", "fs", "gs",
    ];

    /// <summary>Slots that hold general-purpose values (data or pointers), as opposed to segment and flag registers.</summary>
    public static readonly int[] GeneralPurpose =
        [Rax, Rbx, Rcx, Rdx, Rsi, Rdi, Rbp, Rsp, R8, R9, R10, R11, R12, R13, R14, R15, Rip];

    public readonly ulong Pc => this[Rip];
    public readonly ulong Sp => this[Rsp];

    /// <summary>Reads the 216-byte little-endian image.</summary>
    public static UserRegisters FromBytes(ReadOnlySpan<byte> image)
    {
        var registers = default(UserRegisters);
        for (var i = 0; i < Count; i++)
        {
            registers[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(image[(i * 8)..]);
        }

        return registers;
    }

    /// <summary>The registers as the snapshot's name → value map.</summary>
    public readonly Dictionary<string, ulong> ToDictionary()
    {
        var map = new Dictionary<string, ulong>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            map[Names[i]] = this[i];
        }

        return map;
    }
}
