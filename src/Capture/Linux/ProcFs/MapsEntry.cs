namespace Backtrace.Capture.Linux.ProcFs;

/// <summary>One parsed line of <c>/proc/PID/maps</c>, referring back into the raw text for its path.</summary>
internal struct MapsEntry
{
    public ulong Start;
    public ulong End;
    public ulong Offset;
    public ulong Inode;
    public bool Readable;
    public bool Writable;
    public bool Executable;
    public bool Shared;

    /// <summary>Offset and length of the path in the raw maps text (length 0 when anonymous).</summary>
    public int PathStart;
    public int PathLength;

    public readonly bool IsFileBacked => Inode != 0;
}
