using System.Buffers.Binary;

namespace Backtrace.Capture.Linux.Cores;

/// <summary>
/// The ELF header and program headers of a core, validated: a 64-bit little-endian ET_CORE for x86-64,
/// with a program header table that fits in the file. Each failure names what is wrong.
/// </summary>
internal static class CoreHeader
{
    public const int Size = 64;
    private const int ProgramHeaderSize = 56;
    private const int MaxSegments = 1 << 20;

    /// <summary>Checks the ELF header; returns the program header table's offset and count.</summary>
    /// <param name="header">The first 64 bytes (or fewer, for a truncated file).</param>
    /// <param name="fileLength">Size of the whole core, or null when streamed.</param>
    /// <param name="sectionZeroCount">Reads <c>sh_info</c> of section 0 for PN_XNUM cores; null when unavailable.</param>
    public static (ulong Offset, int Count) Validate(ReadOnlySpan<byte> header, long? fileLength, Func<ulong, uint?>? sectionZeroCount = null)
    {
        if (header.Length == 0)
        {
            throw Invalid("the file is empty, not a core");
        }

        if (header.Length < 4 || !header[..4].SequenceEqual("\u007fELF"u8))
        {
            throw Invalid("not an ELF file (no \\x7fELF magic), so not a core");
        }

        if (header.Length < Size)
        {
            throw Invalid($"truncated: {header.Length} bytes, an ELF header needs {Size}");
        }

        if (header[4] != 2)
        {
            throw Invalid($"ELF class {header[4]} is not 64-bit: only x86-64 cores are supported");
        }

        if (header[5] != 1)
        {
            throw Invalid("big-endian ELF: only x86-64 (little-endian) cores are supported");
        }

        var type = BinaryPrimitives.ReadUInt16LittleEndian(header[16..]);
        if (type != 4)
        {
            throw Invalid($"ELF type {type} ({TypeName(type)}) is not a core file (ET_CORE = 4)");
        }

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
        if (machine != 62)
        {
            throw Invalid($"the core is for {MachineName(machine)} (e_machine {machine}); only x86-64 (62) cores are supported");
        }

        var offset = BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x36..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header[0x38..]);
        if (entrySize != ProgramHeaderSize)
        {
            throw Invalid($"program header entries are {entrySize} bytes, expected {ProgramHeaderSize}: the core is corrupt");
        }

        if (count == 0xffff)
        {
            // PN_XNUM: more than 65534 mappings; the real count is sh_info of section header 0.
            var sectionHeaders = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
            count = (int)Math.Min(sectionZeroCount?.Invoke(sectionHeaders) ?? 0, int.MaxValue);
        }

        if (count == 0 || count > MaxSegments)
        {
            throw Invalid($"the core has {count} program headers (expected 1 to {MaxSegments}): it is corrupt");
        }

        if (fileLength is { } length && (offset > (ulong)length || (ulong)length - offset < (ulong)count * ProgramHeaderSize))
        {
            throw Invalid($"truncated: the program header table ({count} entries at byte {offset}) ends past the end of the file ({length} bytes)");
        }

        return (offset, count);
    }

    public static CoreSegment ReadSegment(ReadOnlySpan<byte> entry) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(entry),
        BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
        BinaryPrimitives.ReadUInt64LittleEndian(entry[40..]));

    public static int EntrySize => ProgramHeaderSize;

    private static CaptureException Invalid(string message) => new(CaptureFailure.InvalidInput, message);

    private static string TypeName(ushort type) => type switch
    {
        0 => "none",
        1 => "relocatable object",
        2 => "executable",
        3 => "shared object or PIE executable",
        _ => "unknown",
    };

    private static string MachineName(ushort machine) => machine switch
    {
        3 => "i386",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC64",
        22 => "s390",
        40 => "ARM",
        183 => "AArch64",
        243 => "RISC-V",
        258 => "LoongArch",
        _ => "another architecture",
    };
}
