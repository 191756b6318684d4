namespace Backtrace.Capture.Linux.Live;

/// <summary>Why a range was planned (kept apart from the merged copy ranges): a struct, so planning allocates nothing.</summary>
internal struct RangeLabel
{
    public const byte StackKind = 1, RegisterKind = 2, FaultKind = 3;

    public ulong Start;
    public ulong End;
    public byte Kind;

    /// <summary>Index of the thread in the freezer's table.</summary>
    public int Thread;

    /// <summary>Register slot (<see cref="Model.UserRegisters"/>) for <see cref="RegisterKind"/> labels.</summary>
    public int Register;
}
