namespace Backtrace.Unwinding.Registers;

/// <summary>Lower-case names of <see cref="X64Register"/> values, as used in snapshots (<c>rax</c> .. <c>r15</c>, <c>rip</c>, <c>eflags</c>, <c>fs_base</c>, <c>gs_base</c>).</summary>
public static class X64RegisterNames
{
    private static readonly string[] SlotNames =
    [
        "rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
        "rip", "eflags", "fs_base", "gs_base",
    ];

    /// <summary>Every register the set holds, in DWARF order.</summary>
    public static ReadOnlySpan<X64Register> All =>
    [
        X64Register.Rax, X64Register.Rdx, X64Register.Rcx, X64Register.Rbx, X64Register.Rsi, X64Register.Rdi,
        X64Register.Rbp, X64Register.Rsp, X64Register.R8, X64Register.R9, X64Register.R10, X64Register.R11,
        X64Register.R12, X64Register.R13, X64Register.R14, X64Register.R15, X64Register.Rip, X64Register.Eflags,
        X64Register.FsBase, X64Register.GsBase,
    ];

    /// <summary>The snapshot name of <paramref name="register"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a register the set holds.</exception>
    public static string GetName(X64Register register)
    {
        var slot = X64RegisterSet.SlotOf(register);
        return slot >= 0 ? SlotNames[slot] : throw new ArgumentOutOfRangeException(nameof(register), register, "not an x86-64 register the unwinder tracks");
    }

    /// <summary>Parses a snapshot register name (case-sensitive, lower case); also accepts <c>rflags</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out X64Register register)
    {
        var all = All;
        for (var i = 0; i < SlotNames.Length; i++)
        {
            if (name.SequenceEqual(SlotNames[i]))
            {
                register = all[i];
                return true;
            }
        }

        register = X64Register.Eflags;
        return name.SequenceEqual("rflags");
    }
}
