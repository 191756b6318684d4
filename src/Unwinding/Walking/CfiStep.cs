using System.Buffers.Binary;
using Backtrace.Dwarf.Cfi;
using Backtrace.Dwarf.Expressions;
using Backtrace.Unwinding.Registers;
using Backtrace.Unwinding.Target;

namespace Backtrace.Unwinding.Walking;

/// <summary>Applies an unwind row to a frame's registers: computes the CFA and recovers the caller's registers.</summary>
internal static class CfiStep
{
    public static StepOutcome TryStep(in CfiRow row, in X64RegisterSet callee, ITargetProcess target, int maxExpressionSteps,
        out X64RegisterSet caller, out string? error)
    {
        caller = default;
        var context = new FrameExpressionContext(in callee, target);
        ulong cfa;
        if (row.CfaIsExpression)
        {
            if (!DwarfExpression.TryEvaluate(row.ExpressionBytes(row.CfaOffset, row.CfaExpressionLength), ref context, null, maxExpressionSteps, out cfa, out error))
            {
                error = $"CFA expression: {error}";
                return StepOutcome.Failed;
            }
        }
        else if (row.CfaRegister is < 0 or > 16 || !callee.TryGet((X64Register)row.CfaRegister, out var baseValue))
        {
            error = $"the CFA is based on register {row.CfaRegister}, which is not known in this frame";
            return StepOutcome.Failed;
        }
        else
        {
            cfa = baseValue + (ulong)row.CfaOffset;
        }

        var returnAddress = row.GetRule(row.ReturnAddressColumn < CfiRow.RegisterCount ? row.ReturnAddressColumn : 16);
        if (returnAddress.Kind == CfiRuleKind.Undefined)
        {
            error = null;
            return StepOutcome.EndOfStack;
        }

        Span<byte> word = stackalloc byte[8];
        for (var register = 0; register < CfiRow.RegisterCount; register++)
        {
            var rule = row.GetRule(register);
            ulong value;
            switch (rule.Kind)
            {
                case CfiRuleKind.Unspecified:
                    // GCC leaves callee-saved registers it does not touch without a rule: they keep their value.
                    if (IsCalleeSaved(register) && callee.TryGet((X64Register)register, out value))
                    {
                        caller[(X64Register)register] = value;
                    }

                    continue;
                case CfiRuleKind.Undefined:
                    continue;
                case CfiRuleKind.SameValue:
                    if (callee.TryGet((X64Register)register, out value))
                    {
                        caller[(X64Register)register] = value;
                    }

                    continue;
                case CfiRuleKind.Offset:
                    if (!Read(target, cfa + (ulong)rule.Value, word, register, out value, out error))
                    {
                        return StepOutcome.Failed;
                    }

                    break;
                case CfiRuleKind.ValueOffset:
                    value = cfa + (ulong)rule.Value;
                    break;
                case CfiRuleKind.Register:
                    if (rule.Value is < 0 or > 16 || !callee.TryGet((X64Register)rule.Value, out value))
                    {
                        continue;
                    }

                    break;
                case CfiRuleKind.Expression or CfiRuleKind.ValueExpression:
                    if (!DwarfExpression.TryEvaluate(row.ExpressionBytes(rule.Value, rule.ExpressionLength), ref context, cfa, maxExpressionSteps, out value, out error))
                    {
                        error = $"rule of {X64RegisterNames.GetName((X64Register)register)}: {error}";
                        return StepOutcome.Failed;
                    }

                    if (rule.Kind == CfiRuleKind.Expression && !Read(target, value, word, register, out value, out error))
                    {
                        return StepOutcome.Failed;
                    }

                    break;
                default:
                    continue;
            }

            caller[(X64Register)register] = value;
        }

        if (row.GetRule((int)X64Register.Rsp).Kind is CfiRuleKind.Unspecified or CfiRuleKind.SameValue)
        {
            caller.Rsp = cfa;
        }

        if (!caller.TryGet(X64Register.Rip, out var rip))
        {
            error = "the return address could not be recovered";
            return StepOutcome.Failed;
        }

        error = null;
        return rip == 0 ? StepOutcome.EndOfStack : StepOutcome.Found;
    }

    /// <summary>rbx, rbp, r12-r15: preserved across calls by the System V ABI.</summary>
    public static bool IsCalleeSaved(int register) => register is 3 or 6 or (>= 12 and <= 15);

    private static bool Read(ITargetProcess target, ulong address, Span<byte> word, int register, out ulong value, out string? error)
    {
        if (!target.TryReadMemory(address, word))
        {
            value = 0;
            error = $"{X64RegisterNames.GetName((X64Register)register)} is saved at 0x{address:x}, which was not captured";
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(word);
        error = null;
        return true;
    }
}
