using System.Runtime.CompilerServices;

namespace Backtrace.Dwarf.Cfi;

/// <summary>
/// The unwind row for one pc: how to compute the CFA and how to recover registers 0-16 (rax..r15 and the return
/// address column of x86-64). Expression rules refer to bytes of <see cref="Section"/>.
/// </summary>
public struct CfiRow
{
    /// <summary>Registers tracked: DWARF 0..16. Rules for higher columns (vector registers) are parsed and dropped.</summary>
    public const int RegisterCount = 17;

    private Rules _rules;

    /// <summary>True when the CFA is an expression (<c>DW_CFA_def_cfa_expression</c>, as PLT entries use) rather than register + offset.</summary>
    public bool CfaIsExpression { get; set; }

    /// <summary>CFA base register (when not an expression).</summary>
    public int CfaRegister { get; set; }

    /// <summary>CFA offset from <see cref="CfaRegister"/>, or the expression's start when <see cref="CfaIsExpression"/>.</summary>
    public long CfaOffset { get; set; }

    /// <summary>Length of the CFA expression.</summary>
    public int CfaExpressionLength { get; set; }

    /// <summary>The return-address column (16 on x86-64).</summary>
    public int ReturnAddressColumn { get; set; }

    /// <summary>True when the CIE has the <c>S</c> augmentation: this is a signal trampoline (glibc's <c>__restore_rt</c>).</summary>
    public bool IsSignalFrame { get; set; }

    /// <summary>Start of the FDE's code range.</summary>
    public ulong FunctionStart { get; set; }

    /// <summary>The CFI section the expressions are in.</summary>
    public ReadOnlyMemory<byte> Section { get; set; }

    /// <summary>The rule of register <paramref name="register"/> (0..16).</summary>
    public readonly CfiRule GetRule(int register) => _rules[register];

    /// <summary>Sets the rule of register <paramref name="register"/> (0..16); higher registers are ignored.</summary>
    public void SetRule(int register, CfiRule rule)
    {
        if ((uint)register < RegisterCount)
        {
            _rules[register] = rule;
        }
    }

    /// <summary>Bytes of an expression rule.</summary>
    public readonly ReadOnlySpan<byte> ExpressionBytes(long start, int length) => Section.Span.Slice((int)start, length);

    [InlineArray(RegisterCount)]
    private struct Rules
    {
        private CfiRule _element;
    }
}
