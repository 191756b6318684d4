using Backtrace.Elf;

namespace Backtrace.Dwarf.Cfi;

/// <summary>
/// Runs the call frame instructions of a CIE and an FDE up to a pc and yields the unwind row there: the complete
/// <c>DW_CFA_*</c> set of DWARF 5 plus the GNU extensions GCC emits. Bounded by an instruction budget and a
/// remember-state depth, so hostile CFI cannot loop or exhaust memory.
/// </summary>
internal static class CfiInterpreter
{
    private const int MaxRememberDepth = 64;

    [ThreadStatic]
    private static CfiRow[]? s_remembered;

    /// <summary>Computes the row of <paramref name="fde"/> at <paramref name="pc"/>.</summary>
    public static bool TryComputeRow(CfiSection section, in FrameDescriptionEntry fde, ulong pc, int maxInstructions, out CfiRow row, out string? error)
    {
        row = default;
        row.ReturnAddressColumn = fde.Cie.ReturnAddressColumn;
        row.IsSignalFrame = fde.Cie.IsSignalFrame;
        row.Section = section.Data;
        row.FunctionStart = fde.Start;
        var budget = maxInstructions;
        try
        {
            var initial = default(CfiRow);
            var state = new State(section, fde.Cie, ulong.MaxValue, fde.Start);
            if (!Execute(ref state, fde.Cie.InstructionsStart, fde.Cie.InstructionsEnd, ref row, in initial, ref budget, out error))
            {
                return false;
            }

            initial = row;
            state = new State(section, fde.Cie, pc, fde.Start);
            return Execute(ref state, fde.InstructionsStart, fde.InstructionsEnd, ref row, in initial, ref budget, out error);
        }
        catch (ElfFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool Execute(ref State state, int start, int end, ref CfiRow row, in CfiRow initial, ref int budget, out string? error)
    {
        // The section's name is the reader's context; building a longer message per row would allocate on every frame.
        var what = state.Section.Name;
        var reader = new SpanReader(state.Section.Data.Span[..end], what, start);
        var remembered = s_remembered ??= new CfiRow[MaxRememberDepth];
        var depth = 0;
        var cie = state.Cie;
        while (!reader.AtEnd)
        {
            if (--budget < 0)
            {
                error = $"{what}: more instructions than the limit (a loop or hostile CFI)";
                return false;
            }

            var op = reader.ReadU8();
            var low = op & 0x3f;
            switch (op & 0xc0)
            {
                case 0x40:
                    if (!Advance(ref state, (ulong)low * cie.CodeAlignment))
                    {
                        error = null;
                        return true;
                    }

                    continue;
                case 0x80:
                    row.SetRule(low, new CfiRule(CfiRuleKind.Offset, (long)reader.ReadULeb128() * cie.DataAlignment, 0));
                    continue;
                case 0xc0:
                    row.SetRule(low, low < CfiRow.RegisterCount ? initial.GetRule(low) : default);
                    continue;
            }

            switch (op)
            {
                case 0x00: break; // nop
                case 0x01: // set_loc
                {
                    var target = state.Section.IsEhFrame
                        ? PointerEncoding.Read(ref reader, cie.FdeEncoding, state.Section.Address, 0, what)
                        : reader.ReadU64();
                    if (target > state.Pc)
                    {
                        error = null;
                        return true;
                    }

                    state.Location = target;
                    break;
                }

                case 0x02 or 0x03 or 0x04: // advance_loc1/2/4
                {
                    var delta = op == 0x02 ? reader.ReadU8() : op == 0x03 ? reader.ReadU16() : reader.ReadU32();
                    if (!Advance(ref state, delta * cie.CodeAlignment))
                    {
                        error = null;
                        return true;
                    }

                    break;
                }

                case 0x05: // offset_extended
                    {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.Offset, (long)reader.ReadULeb128() * cie.DataAlignment, 0));
                    break;
                }
                case 0x06: // restore_extended
                {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, register < CfiRow.RegisterCount ? initial.GetRule(register) : default);
                    break;
                }

                case 0x07: row.SetRule(reader.ReadULeb128AsInt(), new CfiRule(CfiRuleKind.Undefined, 0, 0)); break;
                case 0x08: row.SetRule(reader.ReadULeb128AsInt(), new CfiRule(CfiRuleKind.SameValue, 0, 0)); break;
                case 0x09: // register
                {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.Register, reader.ReadULeb128AsInt(), 0));
                    break;
                }

                case 0x0a: // remember_state
                    if (depth >= MaxRememberDepth)
                    {
                        error = $"{what}: DW_CFA_remember_state nests deeper than {MaxRememberDepth}";
                        return false;
                    }

                    remembered[depth++] = row;
                    break;
                case 0x0b: // restore_state
                    if (depth == 0)
                    {
                        error = $"{what}: DW_CFA_restore_state without a remembered state";
                        return false;
                    }

                    // The return-address column, signal flag and section are properties of the CIE, not of the state.
                    row = remembered[--depth];
                    break;
                case 0x0c: // def_cfa
                    row.CfaIsExpression = false;
                    row.CfaRegister = reader.ReadULeb128AsInt();
                    row.CfaOffset = (long)reader.ReadULeb128();
                    break;
                case 0x0d: // def_cfa_register
                    row.CfaIsExpression = false;
                    row.CfaRegister = reader.ReadULeb128AsInt();
                    break;
                case 0x0e: // def_cfa_offset
                    row.CfaOffset = (long)reader.ReadULeb128();
                    break;
                case 0x0f: // def_cfa_expression
                {
                    var length = reader.ReadULeb128AsInt();
                    row.CfaIsExpression = true;
                    row.CfaOffset = reader.Position;
                    row.CfaExpressionLength = length;
                    reader.Skip((ulong)length);
                    break;
                }

                case 0x10 or 0x16: // expression, val_expression
                {
                    var register = reader.ReadULeb128AsInt();
                    var length = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(op == 0x10 ? CfiRuleKind.Expression : CfiRuleKind.ValueExpression, reader.Position, length));
                    reader.Skip((ulong)length);
                    break;
                }

                case 0x11: // offset_extended_sf
                    {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.Offset, reader.ReadSLeb128() * cie.DataAlignment, 0));
                    break;
                }
                case 0x12: // def_cfa_sf
                    row.CfaIsExpression = false;
                    row.CfaRegister = reader.ReadULeb128AsInt();
                    row.CfaOffset = reader.ReadSLeb128() * cie.DataAlignment;
                    break;
                case 0x13: // def_cfa_offset_sf
                    row.CfaOffset = reader.ReadSLeb128() * cie.DataAlignment;
                    break;
                case 0x14: // val_offset
                    {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.ValueOffset, (long)reader.ReadULeb128() * cie.DataAlignment, 0));
                    break;
                }
                case 0x15: // val_offset_sf
                    {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.ValueOffset, reader.ReadSLeb128() * cie.DataAlignment, 0));
                    break;
                }
                case 0x2e: // GNU_args_size: only matters for exception landing pads
                    reader.ReadULeb128();
                    break;
                case 0x2f: // GNU_negative_offset_extended
                    {
                    var register = reader.ReadULeb128AsInt();
                    row.SetRule(register, new CfiRule(CfiRuleKind.Offset, -(long)reader.ReadULeb128() * cie.DataAlignment, 0));
                    break;
                }
                default:
                    error = $"{what}: unknown opcode 0x{op:x2} at offset 0x{reader.Position - 1:x}";
                    return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Moves the location; false when it passes the pc, which ends the row.</summary>
    private static bool Advance(ref State state, ulong delta)
    {
        var next = state.Location + delta;
        if (next > state.Pc || next < state.Location)
        {
            return false;
        }

        state.Location = next;
        return true;
    }

    private struct State(CfiSection section, CommonInformationEntry cie, ulong pc, ulong location)
    {
        public readonly CfiSection Section = section;
        public readonly CommonInformationEntry Cie = cie;
        public readonly ulong Pc = pc;
        public ulong Location = location;
    }
}
