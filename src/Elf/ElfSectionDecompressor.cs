using System.Buffers.Binary;
using System.IO.Compression;

namespace Backtrace.Elf;

/// <summary>Inflates compressed sections: <c>SHF_COMPRESSED</c> (an Elf64_Chdr, then a zlib stream) and GNU <c>.zdebug_*</c> ("ZLIB", big-endian size, zlib stream).</summary>
internal static unsafe class ElfSectionDecompressor
{
    private const int ChdrSize = 24;
    private const uint CompressZlib = 1;
    private const uint CompressZstd = 2;

    /// <summary>The inflated size an <c>SHF_COMPRESSED</c> section declares, checked against the limit and the supported compressions.</summary>
    public static int ChdrInflatedSize(ReadOnlySpan<byte> raw, string section, string file, long maxSize)
    {
        if (raw.Length < ChdrSize)
        {
            throw new ElfFormatException($"{file}: compressed section {section} is {raw.Length} bytes, too short for its 24-byte compression header");
        }

        var type = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        return type switch
        {
            CompressZlib => CheckedSize(BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]), section, file, maxSize),
            CompressZstd => throw new ElfFormatException(
                $"{file}: section {section} is compressed with zstd (ELFCOMPRESS_ZSTD), which is not supported; " +
                "decompress it with 'objcopy --decompress-debug-sections' or build with -gz=zlib"),
            _ => throw new ElfFormatException($"{file}: section {section} uses unknown compression type {type}"),
        };
    }

    /// <summary>Inflates an <c>SHF_COMPRESSED</c> section into <paramref name="destination"/>, exactly <see cref="ChdrInflatedSize"/> bytes.</summary>
    public static void InflateChdr(ReadOnlySpan<byte> raw, Span<byte> destination, string section, string file) =>
        Inflate(raw[ChdrSize..], destination, section, file);

    public static byte[] InflateChdr(ReadOnlySpan<byte> raw, string section, string file, long maxSize)
    {
        var output = GC.AllocateUninitializedArray<byte>(ChdrInflatedSize(raw, section, file, maxSize));
        InflateChdr(raw, output, section, file);
        return output;
    }

    public static byte[] InflateZdebug(ReadOnlySpan<byte> raw, string section, string file, long maxSize)
    {
        if (raw.Length < 12 || !raw.StartsWith("ZLIB"u8))
        {
            throw new ElfFormatException($"{file}: section {section} lacks the \"ZLIB\" header of a GNU compressed section");
        }

        var output = GC.AllocateUninitializedArray<byte>(CheckedSize(BinaryPrimitives.ReadUInt64BigEndian(raw[4..]), section, file, maxSize));
        Inflate(raw[12..], output, section, file);
        return output;
    }

    private static int CheckedSize(ulong size, string section, string file, long maxSize) =>
        size > (ulong)maxSize || size > int.MaxValue
            ? throw new ElfFormatException($"{file}: section {section} claims {size} bytes once inflated, above the {Math.Min(maxSize, int.MaxValue)}-byte limit")
            : (int)size;

    private static void Inflate(ReadOnlySpan<byte> compressed, Span<byte> output, string section, string file)
    {
        try
        {
            fixed (byte* input = compressed)
            {
                using var stream = new UnmanagedMemoryStream(input, compressed.Length);
                using var zlib = new ZLibStream(stream, CompressionMode.Decompress);
                var read = zlib.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                if (read != output.Length)
                {
                    throw new ElfFormatException($"{file}: section {section} inflates to {read} bytes but its header says {output.Length}");
                }

                // A stream that would inflate past the declared size is as corrupt as a short one.
                if (zlib.ReadByte() >= 0)
                {
                    throw new ElfFormatException($"{file}: section {section} inflates past the {output.Length} bytes its header declares");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ElfFormatException($"{file}: section {section} is not a valid zlib stream: {e.Message}", e);
        }
    }
}
