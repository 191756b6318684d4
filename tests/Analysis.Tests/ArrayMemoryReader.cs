using Backtrace.Analysis.Memory;

namespace Backtrace.Analysis.Tests;

/// <summary>A stand-in for the agent's live reader over one block of bytes; counts what it served.</summary>
internal sealed class ArrayMemoryReader(ulong start, byte[] bytes) : IMemoryReader
{
    public long BytesServed { get; private set; }

    public int Read(ulong address, Span<byte> destination)
    {
        if (address < start || address - start >= (ulong)bytes.Length)
        {
            return 0;
        }

        var offset = (int)(address - start);
        var count = Math.Min(destination.Length, bytes.Length - offset);
        bytes.AsSpan(offset, count).CopyTo(destination);
        BytesServed += count;
        return count;
    }
}
