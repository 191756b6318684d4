using System.Buffers.Binary;
using System.IO.Compression;

namespace Backtrace.Elf;

/// <summary>Inflates compressed sections: <c>SHF_COMPRESSED</c> (an Elf64_Chdr, then a zlib stream) and GNU <c>.zdebug_*</c> ("ZLIB", big-endian size, zlib stream).</summary>
internal static unsafe class ElfSectionDecompressor
{
    private const uint CompressZlib = 1;
    private const uint CompressZstd = 2;

    public static byte[] InflateChdr(ReadOnlySpan<byte> raw, string section, string file, long maxSize)
    {
        if (raw.Length < 24)
        {
            throw new ElfFormatException($"{file}: compressed section {section} is {raw.Length} bytes, too short for its 24-byte compression header");
        }

        var type = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]);
        return type switch
        {
            CompressZlib => Inflate(raw[24..], size, section, file, maxSize),
            CompressZstd => throw new ElfFormatException(
                $"{file}: section {section} is compressed with zstd (ELFCOMPRESS_ZSTD), which is not supported; " +
                "decompress it with 'objcopy --decompress-debug-sections' or build with -gz=zlib"),
            _ => throw new ElfFormatException($"{file}: section {section} uses unknown compression type {type}"),
        };
    }

    public static byte[] InflateZdebug(ReadOnlySpan<byte> raw, string section, string file, long maxSize)
    {
        if (raw.Length < 12 || !raw.StartsWith("ZLIB"u8))
        {
            throw new ElfFormatException($"{file}: section {section} lacks the \"ZLIB\" header of a GNU compressed section");
        }

        return Inflate(raw[12..], BinaryPrimitives.ReadUInt64BigEndian(raw[4..]), section, file, maxSize);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, ulong size, string section, string file, long maxSize)
    {
        if (size > (ulong)maxSize)
        {
            throw new ElfFormatException($"{file}: section {section} claims {size} bytes once inflated, above the {maxSize}-byte limit");
        }

        var output = GC.AllocateUninitializedArray<byte>((int)size);
        try
        {
            fixed (byte* input = compressed)
            {
                using var stream = new UnmanagedMemoryStream(input, compressed.Length);
                using var zlib = new ZLibStream(stream, CompressionMode.Decompress);
                var read = zlib.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                if (read != output.Length)
                {
                    throw new ElfFormatException($"{file}: section {section} inflates to {read} bytes but its header says {size}");
                }

                // A stream that would inflate past the declared size is as corrupt as a short one.
                if (zlib.ReadByte() >= 0)
                {
                    throw new ElfFormatException($"{file}: section {section} inflates past the {size} bytes its header declares");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new ElfFormatException($"{file}: section {section} is not a valid zlib stream: {e.Message}", e);
        }

        return output;
    }
}
