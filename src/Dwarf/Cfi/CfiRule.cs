namespace Backtrace.Dwarf.Cfi;

/// <summary>One register rule of an unwind row.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Value">The offset (for <see cref="CfiRuleKind.Offset"/>, <see cref="CfiRuleKind.ValueOffset"/>), the register number (<see cref="CfiRuleKind.Register"/>), or the start of the expression in the CFI section.</param>
/// <param name="ExpressionLength">Bytes of the expression, for expression rules.</param>
public readonly record struct CfiRule(CfiRuleKind Kind, long Value, int ExpressionLength);
