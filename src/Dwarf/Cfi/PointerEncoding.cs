using Backtrace.Elf;

namespace Backtrace.Dwarf.Cfi;

/// <summary>Decodes <c>DW_EH_PE_*</c> encoded pointers of <c>.eh_frame</c> and <c>.eh_frame_hdr</c>.</summary>
internal static class PointerEncoding
{
    public const byte Omit = 0xff;
    public const byte Absolute = 0x00;
    public const byte DataRelativeSigned4 = 0x3b;

    /// <summary>Reads a pointer in <paramref name="encoding"/>. <paramref name="sectionAddress"/> is the virtual address of byte 0 of the reader's data (for pcrel); <paramref name="dataBase"/> is the datarel base.</summary>
    public static ulong Read(ref SpanReader reader, byte encoding, ulong sectionAddress, ulong dataBase, string what)
    {
        if (encoding == Omit)
        {
            throw new ElfFormatException($"{what}: pointer encoding is DW_EH_PE_omit where a pointer is required");
        }

        var fieldAddress = sectionAddress + (ulong)reader.Position;
        ulong value = (encoding & 0x0f) switch
        {
            0x00 => reader.ReadU64(),
            0x01 => reader.ReadULeb128(),
            0x02 => reader.ReadU16(),
            0x03 => reader.ReadU32(),
            0x04 => reader.ReadU64(),
            0x09 => (ulong)reader.ReadSLeb128(),
            0x0a => (ulong)(long)(short)reader.ReadU16(),
            0x0b => (ulong)(long)(int)reader.ReadU32(),
            0x0c => reader.ReadU64(),
            _ => throw new ElfFormatException($"{what}: unknown pointer format 0x{encoding & 0x0f:x} in encoding 0x{encoding:x2}"),
        };

        value += (encoding & 0x70) switch
        {
            0x00 => 0,
            0x10 => fieldAddress,
            0x30 => dataBase,

            // textrel and funcrel are never produced for x86-64; aligned is a padding directive.
            _ => throw new ElfFormatException($"{what}: unsupported pointer application 0x{encoding & 0x70:x} in encoding 0x{encoding:x2}"),
        };

        // DW_EH_PE_indirect would need a read of the loaded image; no x86-64 producer uses it for FDE ranges.
        return (encoding & 0x80) != 0
            ? throw new ElfFormatException($"{what}: indirect pointer encoding 0x{encoding:x2} is not supported here")
            : value;
    }

    /// <summary>Skips a pointer in <paramref name="encoding"/> without applying it (personality pointers).</summary>
    public static void Skip(ref SpanReader reader, byte encoding, string what)
    {
        switch (encoding & 0x0f)
        {
            case 0x00 or 0x04 or 0x0c: reader.Skip(8); break;
            case 0x02 or 0x0a: reader.Skip(2); break;
            case 0x03 or 0x0b: reader.Skip(4); break;
            case 0x01: reader.ReadULeb128(); break;
            case 0x09: reader.ReadSLeb128(); break;
            default: throw new ElfFormatException($"{what}: unknown pointer format in encoding 0x{encoding:x2}");
        }
    }

    /// <summary>Size of a fixed-size encoding, or 0 for LEB128 and unknown formats.</summary>
    public static int FixedSize(byte encoding) => (encoding & 0x0f) switch
    {
        0x00 or 0x04 or 0x0c => 8,
        0x02 or 0x0a => 2,
        0x03 or 0x0b => 4,
        _ => 0,
    };
}
