using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>How frames are written in the stack pane and in the status line.</summary>
public static class FrameText
{
    /// <summary>The trust markers and what they mean, for the help screen and the documentation.</summary>
    public static IReadOnlyList<(string Marker, string Meaning)> Legend { get; } =
    [
        ("C", "from the thread's register context"),
        ("c", "unwound with call frame information (CFI)"),
        ("p", "unwound by following frame pointers"),
        ("s", "found by scanning the stack: may be wrong"),
        ("y", "synthetic, added by an analysis module"),
        ("i", "inlined into the frame below it (same pc)"),
    ];

    /// <summary>One row of the stack pane: <c>#2 c  main+0x1a  demo.c:12  demo</c> (trust marker, then <c>i</c> when inlined).</summary>
    public static string Row(SnapshotFrame frame, int index) =>
        Names.Printable($"#{index,-2}{TrustMarker(frame.Trust)}{(frame.Inlined ? 'i' : ' ')} {Function(frame)}{Location(frame)}{Module(frame)}");

    /// <summary>The function and offset, or the module offset, or the pc.</summary>
    public static string Function(SnapshotFrame frame) => frame switch
    {
        { Function: { } function, FunctionOffset: { } offset } when !frame.Inlined => $"{function}+0x{offset:x}",
        { Function: { } function } => function,
        { Module: { } module, ModuleOffset: { } offset } => $"{Names.FileName(module)}+0x{offset:x}",
        _ => $"0x{frame.Pc:x}",
    };

    /// <summary><c>  file.c:12</c>, or empty when the frame has no line information.</summary>
    public static string Location(SnapshotFrame frame) =>
        frame.File is { } file ? $"  {Names.FileName(file)}{(frame.Line is { } line ? $":{line}" : "")}" : "";

    private static string Module(SnapshotFrame frame) =>
        frame.Module is { } module && frame.Function is not null ? $"  {Names.FileName(module)}" : "";

    /// <summary>The one-letter trust marker (see <see cref="Legend"/>).</summary>
    public static char TrustMarker(FrameTrust? trust) => trust switch
    {
        FrameTrust.Context => 'C',
        FrameTrust.Cfi => 'c',
        FrameTrust.FramePointer => 'p',
        FrameTrust.Scan => 's',
        FrameTrust.Synthetic => 'y',
        _ => ' ',
    };
}
