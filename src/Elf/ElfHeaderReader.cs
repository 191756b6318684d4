using System.Buffers.Binary;

namespace Backtrace.Elf;

/// <summary>Reads and checks an ELF64 file's program header and section header tables (PN_XNUM and SHN_XINDEX included).</summary>
internal static class ElfHeaderReader
{
    private const int ProgramHeaderSize = 56;
    private const int SectionHeaderSize = 64;

    public static List<ElfProgramHeader> ReadTables(ElfFile file, ReadOnlySpan<byte> header, out List<ElfSection> sections)
    {
        var phoff = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        var shoff = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        var phnum = (uint)BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3a..]);
        var shnum = (uint)BinaryPrimitives.ReadUInt16LittleEndian(header[0x3c..]);
        var shstrndx = (uint)BinaryPrimitives.ReadUInt16LittleEndian(header[0x3e..]);

        // Section 0 carries the real counts when they overflow 16 bits (PN_XNUM, SHN_XINDEX).
        if (shoff != 0 && (shnum == 0 || phnum == 0xffff || shstrndx == 0xffff))
        {
            if (shentsize != SectionHeaderSize)
            {
                throw new ElfFormatException($"{file.Name}: section header size {shentsize} is not {SectionHeaderSize}");
            }

            var zero = file.GetBytes(shoff, SectionHeaderSize, "section header 0");
            if (shnum == 0)
            {
                var count = BinaryPrimitives.ReadUInt64LittleEndian(zero[32..]);
                shnum = count <= (ulong)file.Limits.MaxSections ? (uint)count : throw new ElfFormatException($"{file.Name}: {count} sections exceed the limit of {file.Limits.MaxSections}");
            }

            if (phnum == 0xffff)
            {
                phnum = BinaryPrimitives.ReadUInt32LittleEndian(zero[44..]);
            }

            if (shstrndx == 0xffff)
            {
                shstrndx = BinaryPrimitives.ReadUInt32LittleEndian(zero[40..]);
            }
        }

        var segments = new List<ElfProgramHeader>();
        if (phnum > 0)
        {
            if (phentsize != ProgramHeaderSize)
            {
                throw new ElfFormatException($"{file.Name}: program header size {phentsize} is not {ProgramHeaderSize}");
            }

            if (phnum > (uint)file.Limits.MaxProgramHeaders)
            {
                throw new ElfFormatException($"{file.Name}: {phnum} program headers exceed the limit of {file.Limits.MaxProgramHeaders}");
            }

            var table = file.GetBytes(phoff, (ulong)phnum * ProgramHeaderSize, "program header table");
            segments.Capacity = (int)phnum;
            for (var i = 0; i < (int)phnum; i++)
            {
                var p = table.Slice(i * ProgramHeaderSize, ProgramHeaderSize);
                segments.Add(new ElfProgramHeader(
                    (ElfSegmentType)BinaryPrimitives.ReadUInt32LittleEndian(p),
                    BinaryPrimitives.ReadUInt32LittleEndian(p[4..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[32..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[40..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(p[48..])));
            }
        }

        sections = ReadSectionHeaders(file, shoff, shentsize, shnum, shstrndx);
        return segments;
    }

    private static List<ElfSection> ReadSectionHeaders(ElfFile file, ulong shoff, ushort shentsize, uint shnum, uint shstrndx)
    {
        var sections = new List<ElfSection>();
        if (shoff == 0 || shnum == 0)
        {
            return sections;
        }

        if (shentsize != SectionHeaderSize)
        {
            throw new ElfFormatException($"{file.Name}: section header size {shentsize} is not {SectionHeaderSize}");
        }

        if (shnum > (uint)file.Limits.MaxSections)
        {
            throw new ElfFormatException($"{file.Name}: {shnum} sections exceed the limit of {file.Limits.MaxSections}");
        }

        var table = file.GetBytes(shoff, (ulong)shnum * SectionHeaderSize, "section header table");
        ReadOnlySpan<byte> names = default;
        if (shstrndx != 0 && shstrndx < shnum)
        {
            var s = table.Slice((int)shstrndx * SectionHeaderSize, SectionHeaderSize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
            if (type != 8)
            {
                names = file.GetBytes(BinaryPrimitives.ReadUInt64LittleEndian(s[24..]), BinaryPrimitives.ReadUInt64LittleEndian(s[32..]), "section name table");
            }
        }

        sections.Capacity = (int)shnum;
        for (var i = 0; i < (int)shnum; i++)
        {
            var s = table.Slice(i * SectionHeaderSize, SectionHeaderSize);
            sections.Add(new ElfSection(
                i,
                file.ReadString(names, BinaryPrimitives.ReadUInt32LittleEndian(s)),
                BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[44..]),
                BinaryPrimitives.ReadUInt64LittleEndian(s[56..])));
        }

        return sections;
    }
}
