namespace Backtrace.Unwinding.Modules;

/// <summary>CRC-32 (IEEE 802.3, reflected, as zlib's <c>crc32</c>) that <c>.gnu_debuglink</c> records for the debug file.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues a CRC over <paramref name="data"/>; start with 0.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        var table = Table;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>The CRC of a whole file, read in blocks.</summary>
    public static uint OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var buffer = new byte[1 << 16];
        uint crc = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            crc = Append(crc, buffer.AsSpan(0, read));
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
