using Iced.Intel;

namespace Backtrace.Analysis.Decoding;

/// <summary>Maps Iced registers to the snapshot's lower-case register names (the names of <c>user_regs_struct</c>).</summary>
internal static class X86Registers
{
    /// <summary>The general-purpose registers in the order aliases are reported.</summary>
    public static readonly string[] GeneralPurpose =
        ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    /// <summary>Snapshot name of the 64-bit register containing <paramref name="register"/>, or null.</summary>
    public static string? Name(Register register) => register.GetFullRegister() switch
    {
        Register.RAX => "rax", Register.RBX => "rbx", Register.RCX => "rcx", Register.RDX => "rdx",
        Register.RSI => "rsi", Register.RDI => "rdi", Register.RBP => "rbp", Register.RSP => "rsp",
        Register.R8 => "r8", Register.R9 => "r9", Register.R10 => "r10", Register.R11 => "r11",
        Register.R12 => "r12", Register.R13 => "r13", Register.R14 => "r14", Register.R15 => "r15",
        Register.RIP => "rip",
        _ => null,
    };

    /// <summary>
    /// The value Iced needs for an address computation: a register (truncated to its width) or a segment
    /// base. CS/DS/ES/SS have base 0 in 64-bit mode; FS and GS come from <c>fs_base</c>/<c>gs_base</c>.
    /// </summary>
    public static bool TryGetValue(IReadOnlyDictionary<string, ulong> registers, Register register, out ulong value)
    {
        switch (register)
        {
            case Register.ES or Register.CS or Register.SS or Register.DS:
                value = 0;
                return true;
            case Register.FS:
                return registers.TryGetValue("fs_base", out value);
            case Register.GS:
                return registers.TryGetValue("gs_base", out value);
        }

        if (Name(register) is { } name && registers.TryGetValue(name, out var full))
        {
            value = register.GetSize() switch
            {
                1 => full & 0xff,
                2 => full & 0xffff,
                4 => full & 0xffff_ffff,
                _ => full,
            };
            // AH, BH, CH, DH are the second byte of their register.
            if (register is Register.AH or Register.BH or Register.CH or Register.DH)
            {
                value = (full >> 8) & 0xff;
            }

            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True for an address the CPU can use at all (48-bit virtual addresses, sign-extended).</summary>
    public static bool IsCanonical(ulong address) => address < 0x0000_8000_0000_0000 || address >= 0xffff_8000_0000_0000;
}
