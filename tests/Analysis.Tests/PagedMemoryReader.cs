using Backtrace.Analysis.Memory;

namespace Backtrace.Analysis.Tests;

/// <summary>A stand-in for the agent's process reader over a few separate blocks.</summary>
internal sealed class PagedMemoryReader(Dictionary<ulong, byte[]> blocks) : IMemoryReader
{
    public int Read(ulong address, Span<byte> destination)
    {
        foreach (var (start, bytes) in blocks)
        {
            if (address >= start && address - start < (ulong)bytes.Length)
            {
                return new ArrayMemoryReader(start, bytes).Read(address, destination);
            }
        }

        return 0;
    }
}
