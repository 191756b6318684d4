using System.Text;
using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>
/// One unit of <c>.debug_info</c> (DWARF 2 to 5): its header, abbreviations and root attributes, and the rules for
/// turning attribute values into strings, addresses, references and ranges, which depend on the unit.
/// </summary>
internal sealed class CompilationUnit
{
    private const int MaxIndirection = 4;

    private CompilationUnit(DwarfSections sections, int offset, int end, int dieStart, ushort version, bool is64, byte addressSize, AbbreviationTable abbreviations)
    {
        Sections = sections;
        Offset = offset;
        End = end;
        DieStart = dieStart;
        Version = version;
        Is64 = is64;
        AddressSize = addressSize;
        Abbreviations = abbreviations;
    }

    public DwarfSections Sections { get; }

    public int Offset { get; }

    public int End { get; }

    public int DieStart { get; }

    public ushort Version { get; }

    public bool Is64 { get; }

    public byte AddressSize { get; }

    public AbbreviationTable Abbreviations { get; }

    public ushort RootTag { get; private set; }

    public string? Name { get; private set; }

    public string? CompDir { get; private set; }

    public ulong? StmtList { get; private set; }

    /// <summary>The unit's base address (DW_AT_low_pc of the root), for range lists.</summary>
    public ulong BaseAddress { get; private set; }

    public ulong StrOffsetsBase { get; private set; }

    public ulong AddrBase { get; private set; }

    public ulong RnglistsBase { get; private set; }

    private int OffsetSize => Is64 ? 8 : 4;

    /// <summary>Reads the unit at <paramref name="offset"/> and its root DIE's attributes.</summary>
    public static CompilationUnit Read(DwarfSections sections, int offset, Func<ulong, AbbreviationTable> abbreviations)
    {
        var info = sections.Info.Span;
        var reader = new SpanReader(info, $"{sections.Name} .debug_info", offset);
        ulong length = reader.ReadU32();
        var is64 = length == 0xffffffff;
        if (is64)
        {
            length = reader.ReadU64();
        }

        if (length > (ulong)reader.Remaining)
        {
            throw new ElfFormatException($"{sections.Name}: unit at 0x{offset:x} has length 0x{length:x}, beyond .debug_info");
        }

        var end = reader.Position + (int)length;
        var version = reader.ReadU16();
        byte addressSize;
        ulong abbrevOffset;
        if (version == 5)
        {
            var unitType = reader.ReadU8();
            addressSize = reader.ReadU8();
            abbrevOffset = reader.ReadOffset(is64);
            if (unitType is 4 or 5 or 2 or 6)
            {
                reader.Skip(8); // dwo_id or type signature
            }

            if (unitType is 2 or 6)
            {
                reader.ReadOffset(is64); // type offset
            }
        }
        else if (version is >= 2 and <= 4)
        {
            abbrevOffset = reader.ReadOffset(is64);
            addressSize = reader.ReadU8();
        }
        else
        {
            throw new ElfFormatException($"{sections.Name}: unit at 0x{offset:x} has unsupported DWARF version {version}");
        }

        if (addressSize is not (4 or 8))
        {
            throw new ElfFormatException($"{sections.Name}: unit at 0x{offset:x} has address size {addressSize}");
        }

        var unit = new CompilationUnit(sections, offset, end, reader.Position, version, is64, addressSize, abbreviations(abbrevOffset));
        unit.ReadRoot();
        return unit;
    }

    /// <summary>A cursor over this unit's DIEs, positioned at <paramref name="offset"/> (default: the root DIE).</summary>
    public DieReader Dies(int offset = -1) => new(this, offset < 0 ? DieStart : offset);

    /// <summary>Reads one attribute value of <paramref name="spec"/>'s form.</summary>
    public AttributeValue ReadValue(ref SpanReader reader, AttributeSpec spec)
    {
        var form = spec.Form;
        for (var hops = 0; form == DwarfForm.Indirect; hops++)
        {
            if (hops >= MaxIndirection)
            {
                throw new ElfFormatException($"{Sections.Name}: DW_FORM_indirect chain too long at 0x{reader.Position:x}");
            }

            form = (ushort)Math.Min(reader.ReadULeb128(), ushort.MaxValue);
        }

        var start = reader.Position;
        ulong value = form switch
        {
            DwarfForm.Addr => reader.ReadUnsigned(AddressSize),
            DwarfForm.Data1 or DwarfForm.Ref1 or DwarfForm.Flag or DwarfForm.Strx1 or DwarfForm.Addrx1 => reader.ReadU8(),
            DwarfForm.Data2 or DwarfForm.Ref2 or DwarfForm.Strx2 or DwarfForm.Addrx2 => reader.ReadU16(),
            DwarfForm.Strx3 or DwarfForm.Addrx3 => reader.ReadU16() | ((ulong)reader.ReadU8() << 16),
            DwarfForm.Data4 or DwarfForm.Ref4 or DwarfForm.Strx4 or DwarfForm.Addrx4 or DwarfForm.RefSup4 => reader.ReadU32(),
            DwarfForm.Data8 or DwarfForm.Ref8 or DwarfForm.RefSig8 or DwarfForm.RefSup8 => reader.ReadU64(),
            DwarfForm.Data16 => Skip(ref reader, 16),
            DwarfForm.Sdata => (ulong)reader.ReadSLeb128(),
            DwarfForm.Udata or DwarfForm.RefUdata or DwarfForm.Strx or DwarfForm.Addrx or DwarfForm.Loclistx
                or DwarfForm.Rnglistx or DwarfForm.GnuAddrIndex or DwarfForm.GnuStrIndex => reader.ReadULeb128(),
            DwarfForm.Strp or DwarfForm.LineStrp or DwarfForm.SecOffset or DwarfForm.StrpSup or DwarfForm.GnuRefAlt
                or DwarfForm.GnuStrpAlt => reader.ReadOffset(Is64),
            DwarfForm.RefAddr => Version == 2 ? reader.ReadUnsigned(AddressSize) : reader.ReadOffset(Is64),
            DwarfForm.String => (ulong)reader.ReadCString().Length,
            DwarfForm.Block1 => Skip(ref reader, reader.ReadU8()),
            DwarfForm.Block2 => Skip(ref reader, reader.ReadU16()),
            DwarfForm.Block4 => Skip(ref reader, reader.ReadU32()),
            DwarfForm.Block or DwarfForm.Exprloc => Skip(ref reader, reader.ReadULeb128()),
            DwarfForm.FlagPresent => 1,
            DwarfForm.ImplicitConst => (ulong)spec.ImplicitConstant,
            _ => throw new ElfFormatException($"{Sections.Name}: unknown attribute form 0x{form:x} at .debug_info 0x{start:x}"),
        };

        if (form is DwarfForm.Ref1 or DwarfForm.Ref2 or DwarfForm.Ref4 or DwarfForm.Ref8 or DwarfForm.RefUdata)
        {
            value += (ulong)Offset;
        }

        return new AttributeValue(form, value, start);
    }

    /// <summary>The string an attribute names, or null for forms that hold none (or a supplementary file we do not read).</summary>
    public string? GetString(AttributeValue value)
    {
        return value.Form switch
        {
            DwarfForm.String => Decode(Sections.Info.Span, (ulong)value.DataOffset),
            DwarfForm.Strp => Decode(Sections.Str.Span, value.Value),
            DwarfForm.LineStrp => Decode(Sections.LineStr.Span, value.Value),
            DwarfForm.Strx or DwarfForm.Strx1 or DwarfForm.Strx2 or DwarfForm.Strx3 or DwarfForm.Strx4 or DwarfForm.GnuStrIndex
                => Decode(Sections.Str.Span, ReadOffsetEntry(Sections.StrOffsets.Span, StrOffsetsBase, value.Value)),
            _ => null,
        };
    }

    /// <summary>The address an attribute holds (DW_FORM_addr or an index into <c>.debug_addr</c>).</summary>
    public bool TryGetAddress(AttributeValue value, out ulong address)
    {
        switch (value.Form)
        {
            case DwarfForm.Addr:
                address = value.Value;
                return true;
            case DwarfForm.Addrx or DwarfForm.Addrx1 or DwarfForm.Addrx2 or DwarfForm.Addrx3 or DwarfForm.Addrx4 or DwarfForm.GnuAddrIndex:
                var position = AddrBase + (value.Value * AddressSize);
                var addr = Sections.Addr.Span;
                if (position + AddressSize <= (ulong)addr.Length)
                {
                    address = new SpanReader(addr, "debug_addr", (int)position).ReadUnsigned(AddressSize);
                    return true;
                }

                break;
        }

        address = 0;
        return false;
    }

    /// <summary>True for forms whose value is a constant (DW_AT_high_pc as an offset from low_pc).</summary>
    public static bool IsConstant(ushort form) =>
        form is DwarfForm.Data1 or DwarfForm.Data2 or DwarfForm.Data4 or DwarfForm.Data8 or DwarfForm.Udata or DwarfForm.Sdata or DwarfForm.ImplicitConst;

    /// <summary>Appends the address ranges of a DW_AT_ranges value.</summary>
    public void ReadRanges(AttributeValue value, List<(ulong Start, ulong End)> ranges) => RangeListReader.Read(this, value, ranges);

    /// <summary>Reads the <paramref name="index"/>-th offset of an offsets table that starts at <paramref name="tableBase"/>.</summary>
    public ulong ReadOffsetEntry(ReadOnlySpan<byte> table, ulong tableBase, ulong index)
    {
        var position = tableBase + (index * (ulong)OffsetSize);
        if (position + (ulong)OffsetSize > (ulong)table.Length || position < tableBase)
        {
            return ulong.MaxValue;
        }

        return new SpanReader(table, "offsets table", (int)position).ReadOffset(Is64);
    }

    private static ulong Skip(ref SpanReader reader, ulong count)
    {
        reader.Skip(count);
        return count;
    }

    private static string? Decode(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }

        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? rest[..end] : rest);
    }

    private void ReadRoot()
    {
        var dies = Dies();
        if (!dies.TryReadNext(out _, out var abbreviation) || abbreviation is null)
        {
            return;
        }

        RootTag = abbreviation.Tag;
        var reader = dies.Reader;
        AttributeValue name = default, compDir = default, lowPc = default;
        foreach (var spec in abbreviation.Attributes)
        {
            var value = ReadValue(ref reader, spec);
            switch (spec.Attribute)
            {
                case DwarfAttribute.Name: name = value; break;
                case DwarfAttribute.CompDir: compDir = value; break;
                case DwarfAttribute.StmtList: StmtList = value.Value; break;
                case DwarfAttribute.LowPc: lowPc = value; break;
                case DwarfAttribute.StrOffsetsBase: StrOffsetsBase = value.Value; break;
                case DwarfAttribute.AddrBase or DwarfAttribute.GnuAddrBase: AddrBase = value.Value; break;
                case DwarfAttribute.RnglistsBase: RnglistsBase = value.Value; break;
            }
        }

        // Strings and addresses may be indexed through the bases read above, so resolve them last.
        Name = name.IsPresent ? GetString(name) : null;
        CompDir = compDir.IsPresent ? GetString(compDir) : null;
        BaseAddress = lowPc.IsPresent && TryGetAddress(lowPc, out var low) ? low : 0;
    }
}
