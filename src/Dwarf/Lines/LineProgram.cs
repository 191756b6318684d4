using Backtrace.Dwarf.Info;
using Backtrace.Elf;

namespace Backtrace.Dwarf.Lines;

/// <summary>
/// Decodes a <c>.debug_line</c> program, versions 2 to 5: the header (DWARF 5 directory and file entry formats with
/// <c>DW_FORM_line_strp</c>, <c>data16</c> MD5 and the rest), then the state machine with its standard, extended and
/// special opcodes. Bounded in rows so a hostile program cannot exhaust memory.
/// </summary>
internal static class LineProgram
{
    private const int MaxRows = 1 << 22;

    public static LineTable Decode(DwarfSections sections, ulong offset, string? compDir, string? unitName)
    {
        var section = sections.Line.Span;
        if (offset >= (ulong)section.Length)
        {
            throw new ElfFormatException($"{sections.Name}: line program offset 0x{offset:x} is outside .debug_line (0x{section.Length:x} bytes)");
        }

        var what = $"{sections.Name} .debug_line at 0x{offset:x}";
        var reader = new SpanReader(section, what, (int)offset);
        ulong length = reader.ReadU32();
        var is64 = length == 0xffffffff;
        if (is64)
        {
            length = reader.ReadU64();
        }

        if (length > (ulong)reader.Remaining)
        {
            throw new ElfFormatException($"{what}: unit length 0x{length:x} runs past the section");
        }

        var end = reader.Position + (int)length;
        reader = new SpanReader(section[..end], what, reader.Position);
        var version = reader.ReadU16();
        if (version is < 2 or > 5)
        {
            throw new ElfFormatException($"{what}: unsupported line table version {version}");
        }

        var addressSize = 8;
        if (version == 5)
        {
            addressSize = reader.ReadU8();
            reader.ReadU8(); // segment selector size
        }

        var headerLength = reader.ReadOffset(is64);
        if (headerLength > (ulong)reader.Remaining)
        {
            throw new ElfFormatException($"{what}: header length 0x{headerLength:x} runs past the unit");
        }

        var programStart = reader.Position + (int)headerLength;
        var header = new Header
        {
            MinimumInstructionLength = reader.ReadU8(),
            MaximumOperations = version >= 4 ? reader.ReadU8() : (byte)1,
            DefaultIsStmt = reader.ReadU8() != 0,
            LineBase = reader.ReadS8(),
            LineRange = reader.ReadU8(),
            OpcodeBase = reader.ReadU8(),
        };
        if (header.LineRange == 0)
        {
            throw new ElfFormatException($"{what}: line_range is 0");
        }

        var opcodeLengths = reader.ReadBytes(Math.Max(header.OpcodeBase - 1, 0));
        var files = version == 5
            ? LineFileTable.ReadVersion5(ref reader, sections, is64, what)
            : LineFileTable.ReadLegacy(ref reader, compDir, what);
        if (version == 5 && files.Length > 0 && files[0] is null && unitName is not null)
        {
            files[0] = unitName;
        }

        reader.Position = programStart;
        var rows = Run(ref reader, header, opcodeLengths, addressSize, what);
        return new LineTable(rows, files);
    }

    private static LineRow[] Run(ref SpanReader reader, Header header, ReadOnlySpan<byte> opcodeLengths, int addressSize, string what)
    {
        var sequences = new List<(ulong Start, int Index, int Count)>();
        var rows = new List<LineRow>();
        var state = State.Initial();
        var sequenceStart = 0;
        while (!reader.AtEnd)
        {
            var opcode = reader.ReadU8();
            if (opcode >= header.OpcodeBase)
            {
                var adjusted = opcode - header.OpcodeBase;
                state.Address += (ulong)(adjusted / header.LineRange * header.MinimumInstructionLength);
                state.Line += header.LineBase + (adjusted % header.LineRange);
                Emit(rows, ref state, false, what);
                continue;
            }

            switch (opcode)
            {
                case 0:
                {
                    var length = reader.ReadULeb128();
                    if (length == 0 || length > (ulong)reader.Remaining)
                    {
                        throw new ElfFormatException($"{what}: extended opcode length {length} at 0x{reader.Position:x} is invalid");
                    }

                    var next = reader.Position + (int)length;
                    var sub = reader.ReadU8();
                    switch (sub)
                    {
                        case 1: // end_sequence
                            Emit(rows, ref state, true, what);
                            if (rows.Count > sequenceStart)
                            {
                                sequences.Add((rows[sequenceStart].Address, sequenceStart, rows.Count - sequenceStart));
                            }

                            sequenceStart = rows.Count;
                            state = State.Initial();
                            break;
                        case 2: // set_address
                            state.Address = reader.ReadUnsigned((int)Math.Min(length - 1, (ulong)addressSize));
                            break;
                    }

                    // define_file (3), set_discriminator (4) and vendor opcodes are skipped by their length.
                    reader.Position = next;
                    break;
                }

                case 1: Emit(rows, ref state, false, what); break; // copy
                case 2: state.Address += reader.ReadULeb128() * header.MinimumInstructionLength; break; // advance_pc
                case 3: state.Line += (int)reader.ReadSLeb128(); break; // advance_line
                case 4: state.File = (int)Math.Min(reader.ReadULeb128(), int.MaxValue); break; // set_file
                case 5: state.Column = (int)Math.Min(reader.ReadULeb128(), int.MaxValue); break; // set_column
                case 6 or 7 or 10 or 11: break; // negate_stmt, set_basic_block, set_prologue_end, set_epilogue_begin
                case 8: // const_add_pc
                    state.Address += (ulong)((255 - header.OpcodeBase) / header.LineRange * header.MinimumInstructionLength);
                    break;
                case 9: state.Address += reader.ReadU16(); break; // fixed_advance_pc
                case 12: reader.ReadULeb128(); break; // set_isa
                default:
                    // An opcode this decoder does not know: the header says how many LEB128 operands to skip.
                    for (var i = 0; i < opcodeLengths[opcode - 1]; i++)
                    {
                        reader.ReadULeb128();
                    }

                    break;
            }
        }

        // Sequences are emitted in any order; lookups need them sorted by start address.
        sequences.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var sorted = new LineRow[sequences.Sum(s => s.Count)];
        var at = 0;
        foreach (var (_, index, count) in sequences)
        {
            rows.CopyTo(index, sorted, at, count);
            at += count;
        }

        return sorted;
    }

    private static void Emit(List<LineRow> rows, ref State state, bool endSequence, string what)
    {
        if (rows.Count >= MaxRows)
        {
            throw new ElfFormatException($"{what}: more than {MaxRows} rows");
        }

        rows.Add(new LineRow(state.Address, state.File, state.Line, state.Column, endSequence));
    }

    private sealed class Header
    {
        public byte MinimumInstructionLength { get; init; }

        public byte MaximumOperations { get; init; }

        public bool DefaultIsStmt { get; init; }

        public sbyte LineBase { get; init; }

        public byte LineRange { get; init; }

        public byte OpcodeBase { get; init; }
    }

    private struct State
    {
        public ulong Address;
        public int File;
        public int Line;
        public int Column;

        public static State Initial() => new() { File = 1, Line = 1 };
    }
}
