namespace Backtrace.Unwinding.Registers;

/// <summary>
/// x86-64 registers by their DWARF register number (System V psABI, figure 3.36), which is how CFI names them.
/// <see cref="Rip"/> is DWARF column 16, the return-address column.
/// </summary>
public enum X64Register
{
    /// <summary>rax.</summary>
    Rax = 0,

    /// <summary>rdx.</summary>
    Rdx = 1,

    /// <summary>rcx.</summary>
    Rcx = 2,

    /// <summary>rbx (callee-saved).</summary>
    Rbx = 3,

    /// <summary>rsi.</summary>
    Rsi = 4,

    /// <summary>rdi.</summary>
    Rdi = 5,

    /// <summary>rbp (callee-saved; the frame pointer when one is kept).</summary>
    Rbp = 6,

    /// <summary>rsp, the stack pointer.</summary>
    Rsp = 7,

    /// <summary>r8.</summary>
    R8 = 8,

    /// <summary>r9.</summary>
    R9 = 9,

    /// <summary>r10.</summary>
    R10 = 10,

    /// <summary>r11.</summary>
    R11 = 11,

    /// <summary>r12 (callee-saved).</summary>
    R12 = 12,

    /// <summary>r13 (callee-saved).</summary>
    R13 = 13,

    /// <summary>r14 (callee-saved).</summary>
    R14 = 14,

    /// <summary>r15 (callee-saved).</summary>
    R15 = 15,

    /// <summary>rip, the instruction pointer (DWARF return-address column).</summary>
    Rip = 16,

    /// <summary>rflags.</summary>
    Eflags = 49,

    /// <summary>fs segment base (thread pointer on Linux).</summary>
    FsBase = 58,

    /// <summary>gs segment base.</summary>
    GsBase = 59,
}
