namespace Backtrace.Capture.Linux.Live;

/// <summary>A range of the target to copy, and what it is for (an index into the label table, or -1).</summary>
internal struct CopyRange : IComparable<CopyRange>
{
    public ulong Start;
    public ulong End;

    /// <summary>Where the copied bytes land in the copy buffer.</summary>
    public long BufferOffset;

    /// <summary>Bytes actually copied from the start of the range (reads stop at the first unreadable page).</summary>
    public long Copied;

    public readonly int CompareTo(CopyRange other) => Start.CompareTo(other.Start);
}
