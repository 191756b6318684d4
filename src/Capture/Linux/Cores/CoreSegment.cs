namespace Backtrace.Capture.Linux.Cores;

/// <summary>One program header of a core (PT_LOAD or PT_NOTE).</summary>
internal readonly record struct CoreSegment(uint Type, uint Flags, ulong FileOffset, ulong Address, ulong FileSize, ulong MemorySize)
{
    public const uint Load = 1, Note = 4;

    public string Permissions => string.Create(4, Flags, static (span, flags) =>
    {
        span[0] = (flags & 4) != 0 ? 'r' : '-';
        span[1] = (flags & 2) != 0 ? 'w' : '-';
        span[2] = (flags & 1) != 0 ? 'x' : '-';
        span[3] = 'p';
    });
}
