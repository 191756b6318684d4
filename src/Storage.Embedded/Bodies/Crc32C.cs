using System.Buffers.Binary;
using System.Numerics;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of segment records: it tells a whole record from one that a crash cut
/// short or left as stale bytes. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instruction
/// where there is one, so checking a 35 KiB body costs a few microseconds.
/// </summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/>, continuing from <paramref name="crc"/> (start with 0).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }
}
