namespace Backtrace.Dwarf.Cfi;

/// <summary>How a register of the caller is recovered (DWARF 5 section 6.4.1).</summary>
public enum CfiRuleKind : byte
{
    /// <summary>No rule: callee-saved registers keep their value (same value), others are unknown. The default.</summary>
    Unspecified,

    /// <summary>The register's value is not recoverable (for the return address: the outermost frame).</summary>
    Undefined,

    /// <summary>The caller's value equals the callee's.</summary>
    SameValue,

    /// <summary>Saved at CFA + offset.</summary>
    Offset,

    /// <summary>The value is CFA + offset.</summary>
    ValueOffset,

    /// <summary>Saved in another register.</summary>
    Register,

    /// <summary>Saved at the address an expression computes (with the CFA pushed).</summary>
    Expression,

    /// <summary>The value is what an expression computes (with the CFA pushed).</summary>
    ValueExpression,
}
