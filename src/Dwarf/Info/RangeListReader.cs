using Backtrace.Elf;

namespace Backtrace.Dwarf.Info;

/// <summary>Reads DW_AT_ranges: DWARF 5 <c>.debug_rnglists</c> (all DW_RLE_* kinds) or DWARF 2-4 <c>.debug_ranges</c>.</summary>
internal static class RangeListReader
{
    private const int MaxEntries = 1 << 16;

    public static void Read(CompilationUnit unit, AttributeValue value, List<(ulong Start, ulong End)> ranges)
    {
        if (value.Form == DwarfForm.Rnglistx || (unit.Version >= 5 && !unit.Sections.RngLists.IsEmpty))
        {
            var offset = value.Form == DwarfForm.Rnglistx
                ? unit.RnglistsBase + unit.ReadOffsetEntry(unit.Sections.RngLists.Span, unit.RnglistsBase, value.Value)
                : value.Value;
            ReadRngLists(unit, offset, ranges);
        }
        else
        {
            ReadRanges(unit, value.Value, ranges);
        }
    }

    private static void ReadRngLists(CompilationUnit unit, ulong offset, List<(ulong, ulong)> ranges)
    {
        var section = unit.Sections.RngLists.Span;
        if (offset >= (ulong)section.Length)
        {
            throw new ElfFormatException($"{unit.Sections.Name}: range list offset 0x{offset:x} is outside .debug_rnglists");
        }

        var reader = new SpanReader(section, $"{unit.Sections.Name} .debug_rnglists", (int)offset);
        var size = unit.AddressSize;
        var baseAddress = unit.BaseAddress;
        for (var i = 0; i < MaxEntries; i++)
        {
            var kind = reader.ReadU8();
            switch (kind)
            {
                case 0:
                    return;
                case 1:
                    baseAddress = Address(unit, reader.ReadULeb128());
                    break;
                case 2:
                {
                    var start = Address(unit, reader.ReadULeb128());
                    Add(ranges, start, Address(unit, reader.ReadULeb128()));
                    break;
                }

                case 3:
                {
                    var start = Address(unit, reader.ReadULeb128());
                    Add(ranges, start, start + reader.ReadULeb128());
                    break;
                }

                case 4:
                {
                    var start = baseAddress + reader.ReadULeb128();
                    Add(ranges, start, baseAddress + reader.ReadULeb128());
                    break;
                }

                case 5:
                    baseAddress = reader.ReadUnsigned(size);
                    break;
                case 6:
                {
                    var start = reader.ReadUnsigned(size);
                    Add(ranges, start, reader.ReadUnsigned(size));
                    break;
                }

                case 7:
                {
                    var start = reader.ReadUnsigned(size);
                    Add(ranges, start, start + reader.ReadULeb128());
                    break;
                }

                default:
                    throw new ElfFormatException($"{unit.Sections.Name}: unknown range list entry kind {kind} at .debug_rnglists 0x{reader.Position - 1:x}");
            }
        }

        throw new ElfFormatException($"{unit.Sections.Name}: range list at 0x{offset:x} has more than {MaxEntries} entries");
    }

    private static void ReadRanges(CompilationUnit unit, ulong offset, List<(ulong, ulong)> ranges)
    {
        var section = unit.Sections.Ranges.Span;
        if (offset >= (ulong)section.Length)
        {
            throw new ElfFormatException($"{unit.Sections.Name}: range list offset 0x{offset:x} is outside .debug_ranges");
        }

        var reader = new SpanReader(section, $"{unit.Sections.Name} .debug_ranges", (int)offset);
        var size = unit.AddressSize;
        var selector = size == 8 ? ulong.MaxValue : uint.MaxValue;
        var baseAddress = unit.BaseAddress;
        for (var i = 0; i < MaxEntries; i++)
        {
            var start = reader.ReadUnsigned(size);
            var end = reader.ReadUnsigned(size);
            if (start == 0 && end == 0)
            {
                return;
            }

            if (start == selector)
            {
                baseAddress = end;
                continue;
            }

            Add(ranges, baseAddress + start, baseAddress + end);
        }

        throw new ElfFormatException($"{unit.Sections.Name}: range list at 0x{offset:x} has more than {MaxEntries} entries");
    }

    private static ulong Address(CompilationUnit unit, ulong index) =>
        unit.TryGetAddress(new AttributeValue(DwarfForm.Addrx, index, 0), out var address)
            ? address
            : throw new ElfFormatException($"{unit.Sections.Name}: address index {index} is outside .debug_addr");

    private static void Add(List<(ulong, ulong)> ranges, ulong start, ulong end)
    {
        if (end > start)
        {
            ranges.Add((start, end));
        }
    }
}
