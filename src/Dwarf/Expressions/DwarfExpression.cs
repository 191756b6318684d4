using System.Buffers.Binary;
using Backtrace.Elf;

namespace Backtrace.Dwarf.Expressions;

/// <summary>
/// Evaluates DWARF expressions that compute a value or an address (CFI rules, frame bases): the stack machine of
/// DWARF 5 section 2.5 without location-description operators other than <c>DW_OP_stack_value</c>. Runs at most a
/// given number of operations, so <c>DW_OP_skip</c>/<c>DW_OP_bra</c> loops end; the stack is bounded too.
/// </summary>
public static class DwarfExpression
{
    private const int MaxStack = 64;

    /// <summary>
    /// Evaluates <paramref name="expression"/> with <paramref name="initial"/> pushed first when given (the CFA, for
    /// <c>DW_CFA_expression</c> rules). Returns false with a precise <paramref name="error"/> on any failure.
    /// </summary>
    public static bool TryEvaluate<TContext>(
        ReadOnlySpan<byte> expression, ref TContext context, ulong? initial, int maxSteps, out ulong result, out string? error)
        where TContext : IExpressionContext, allows ref struct
    {
        Span<ulong> stack = stackalloc ulong[MaxStack];
        var depth = 0;
        if (initial is { } first)
        {
            stack[depth++] = first;
        }

        result = 0;
        try
        {
            var reader = new SpanReader(expression, "DWARF expression");
            for (var steps = 0; !reader.AtEnd; steps++)
            {
                if (steps >= maxSteps)
                {
                    error = $"DWARF expression ran more than {maxSteps} operations (a loop?)";
                    return false;
                }

                var op = reader.ReadU8();
                if (!Step(op, ref reader, ref context, stack, ref depth, out error))
                {
                    return false;
                }
            }
        }
        catch (ElfFormatException e)
        {
            error = e.Message;
            return false;
        }

        if (depth == 0)
        {
            error = "DWARF expression left an empty stack";
            return false;
        }

        result = stack[depth - 1];
        error = null;
        return true;
    }

    private static bool Step<TContext>(byte op, ref SpanReader reader, ref TContext context, scoped Span<ulong> stack, ref int depth, out string? error)
        where TContext : IExpressionContext, allows ref struct
    {
        error = null;
        switch (op)
        {
            case >= 0x30 and <= 0x4f: // DW_OP_lit0..31
                return Push(stack, ref depth, (ulong)(op - 0x30), out error);
            case >= 0x70 and <= 0x8f: // DW_OP_breg0..31
                return PushRegister(ref context, op - 0x70, reader.ReadSLeb128(), stack, ref depth, out error);
            case 0x92: // DW_OP_bregx
            {
                var register = reader.ReadULeb128AsInt();
                return PushRegister(ref context, register, reader.ReadSLeb128(), stack, ref depth, out error);
            }

            case 0x03: return Push(stack, ref depth, reader.ReadU64(), out error); // addr
            case 0x08: return Push(stack, ref depth, reader.ReadU8(), out error); // const1u
            case 0x09: return Push(stack, ref depth, (ulong)(long)reader.ReadS8(), out error); // const1s
            case 0x0a: return Push(stack, ref depth, reader.ReadU16(), out error); // const2u
            case 0x0b: return Push(stack, ref depth, (ulong)(long)(short)reader.ReadU16(), out error); // const2s
            case 0x0c: return Push(stack, ref depth, reader.ReadU32(), out error); // const4u
            case 0x0d: return Push(stack, ref depth, (ulong)(long)(int)reader.ReadU32(), out error); // const4s
            case 0x0e or 0x0f: return Push(stack, ref depth, reader.ReadU64(), out error); // const8u/s
            case 0x10: return Push(stack, ref depth, reader.ReadULeb128(), out error); // constu
            case 0x11: return Push(stack, ref depth, (ulong)reader.ReadSLeb128(), out error); // consts
            case 0x12: return Need(depth, 1, "dup", out error) && Push(stack, ref depth, stack[depth - 1], out error);
            case 0x13: // drop
                if (!Need(depth, 1, "drop", out error))
                {
                    return false;
                }

                depth--;
                return true;
            case 0x14: return Need(depth, 2, "over", out error) && Push(stack, ref depth, stack[depth - 2], out error);
            case 0x15: // pick
            {
                var index = reader.ReadU8();
                return Need(depth, index + 1, "pick", out error) && Push(stack, ref depth, stack[depth - 1 - index], out error);
            }

            case 0x16: // swap
                if (!Need(depth, 2, "swap", out error))
                {
                    return false;
                }

                (stack[depth - 1], stack[depth - 2]) = (stack[depth - 2], stack[depth - 1]);
                return true;
            case 0x17: // rot
                if (!Need(depth, 3, "rot", out error))
                {
                    return false;
                }

                (stack[depth - 1], stack[depth - 2], stack[depth - 3]) = (stack[depth - 2], stack[depth - 3], stack[depth - 1]);
                return true;
            case 0x06: return Dereference(ref context, 8, stack, depth, out error); // deref
            case 0x94: return Dereference(ref context, reader.ReadU8(), stack, depth, out error); // deref_size
            case 0x19: return Unary(stack, depth, static a => (ulong)Math.Abs((long)a), "abs", out error);
            case 0x1f: return Unary(stack, depth, static a => (ulong)-(long)a, "neg", out error);
            case 0x20: return Unary(stack, depth, static a => ~a, "not", out error);
            case 0x23: // plus_uconst
            {
                var addend = reader.ReadULeb128();
                if (!Need(depth, 1, "plus_uconst", out error))
                {
                    return false;
                }

                stack[depth - 1] += addend;
                return true;
            }

            case 0x1a: return Binary(stack, ref depth, static (a, b) => a & b, "and", out error);
            case 0x1b: return Divide(stack, ref depth, signed: true, out error);
            case 0x1c: return Binary(stack, ref depth, static (a, b) => a - b, "minus", out error);
            case 0x1d: return Divide(stack, ref depth, signed: false, out error);
            case 0x1e: return Binary(stack, ref depth, static (a, b) => a * b, "mul", out error);
            case 0x21: return Binary(stack, ref depth, static (a, b) => a | b, "or", out error);
            case 0x22: return Binary(stack, ref depth, static (a, b) => a + b, "plus", out error);
            case 0x24: return Binary(stack, ref depth, static (a, b) => b >= 64 ? 0 : a << (int)b, "shl", out error);
            case 0x25: return Binary(stack, ref depth, static (a, b) => b >= 64 ? 0 : a >> (int)b, "shr", out error);
            case 0x26: return Binary(stack, ref depth, static (a, b) => (ulong)((long)a >> (int)Math.Min(b, 63)), "shra", out error);
            case 0x27: return Binary(stack, ref depth, static (a, b) => a ^ b, "xor", out error);
            case 0x29: return Binary(stack, ref depth, static (a, b) => a == b ? 1UL : 0, "eq", out error);
            case 0x2a: return Binary(stack, ref depth, static (a, b) => (long)a >= (long)b ? 1UL : 0, "ge", out error);
            case 0x2b: return Binary(stack, ref depth, static (a, b) => (long)a > (long)b ? 1UL : 0, "gt", out error);
            case 0x2c: return Binary(stack, ref depth, static (a, b) => (long)a <= (long)b ? 1UL : 0, "le", out error);
            case 0x2d: return Binary(stack, ref depth, static (a, b) => (long)a < (long)b ? 1UL : 0, "lt", out error);
            case 0x2e: return Binary(stack, ref depth, static (a, b) => a != b ? 1UL : 0, "ne", out error);
            case 0x2f: // skip
                return Branch(ref reader, (short)reader.ReadU16(), out error);
            case 0x28: // bra
            {
                var offset = (short)reader.ReadU16();
                if (!Need(depth, 1, "bra", out error))
                {
                    return false;
                }

                return stack[--depth] == 0 || Branch(ref reader, offset, out error);
            }

            case 0x96: return true; // nop
            case 0x9f: return true; // stack_value: the top of the stack is the value, which is how results are read anyway
            default:
                error = $"DWARF expression operation 0x{op:x2} is not supported in this context";
                return false;
        }
    }

    private static bool Branch(ref SpanReader reader, short offset, out string? error)
    {
        var target = reader.Position + offset;
        if (target < 0 || target > reader.Length)
        {
            error = $"DWARF expression branches to offset {target}, outside the expression ({reader.Length} bytes)";
            return false;
        }

        reader.Position = target;
        error = null;
        return true;
    }

    private static bool PushRegister<TContext>(ref TContext context, int register, long offset, scoped Span<ulong> stack, ref int depth, out string? error)
        where TContext : IExpressionContext, allows ref struct
    {
        if (!context.TryGetRegister(register, out var value))
        {
            error = $"DWARF expression reads register {register}, which is not known in this frame";
            return false;
        }

        return Push(stack, ref depth, value + (ulong)offset, out error);
    }

    private static bool Dereference<TContext>(ref TContext context, int size, scoped Span<ulong> stack, int depth, out string? error)
        where TContext : IExpressionContext, allows ref struct
    {
        if (!Need(depth, 1, "deref", out error))
        {
            return false;
        }

        if (size is < 1 or > 8)
        {
            error = $"DWARF expression dereferences {size} bytes (must be 1 to 8)";
            return false;
        }

        Span<byte> bytes = stackalloc byte[8];
        bytes.Clear();
        var address = stack[depth - 1];
        if (!context.TryReadMemory(address, bytes[..size]))
        {
            error = $"DWARF expression reads unreadable memory at 0x{address:x}";
            return false;
        }

        stack[depth - 1] = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return true;
    }

    private static bool Divide(Span<ulong> stack, ref int depth, bool signed, out string? error)
    {
        if (!Need(depth, 2, signed ? "div" : "mod", out error))
        {
            return false;
        }

        var divisor = stack[depth - 1];
        if (divisor == 0)
        {
            error = "DWARF expression divides by zero";
            return false;
        }

        var dividend = stack[depth - 2];
        depth--;
        stack[depth - 1] = signed
            ? ((long)divisor == -1 ? (ulong)-(long)dividend : (ulong)((long)dividend / (long)divisor))
            : dividend % divisor;
        return true;
    }

    private static bool Unary(Span<ulong> stack, int depth, Func<ulong, ulong> operation, string name, out string? error)
    {
        if (!Need(depth, 1, name, out error))
        {
            return false;
        }

        stack[depth - 1] = operation(stack[depth - 1]);
        return true;
    }

    private static bool Binary(Span<ulong> stack, ref int depth, Func<ulong, ulong, ulong> operation, string name, out string? error)
    {
        if (!Need(depth, 2, name, out error))
        {
            return false;
        }

        depth--;
        stack[depth - 1] = operation(stack[depth - 1], stack[depth]);
        return true;
    }

    private static bool Need(int depth, int count, string name, out string? error)
    {
        error = depth >= count ? null : $"DWARF expression operation {name} needs {count} stack entries, has {depth}";
        return error is null;
    }

    private static bool Push(Span<ulong> stack, ref int depth, ulong value, out string? error)
    {
        if (depth >= stack.Length)
        {
            error = $"DWARF expression stack exceeds {stack.Length} entries";
            return false;
        }

        stack[depth++] = value;
        error = null;
        return true;
    }
}
