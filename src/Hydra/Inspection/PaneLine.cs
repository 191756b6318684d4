namespace Backtrace.Hydra.Inspection;

/// <summary>One line of a pane's content.</summary>
/// <param name="Text">What is shown, already made printable.</param>
/// <param name="Kind">How the line is drawn.</param>
/// <param name="Target">Where Enter on this line jumps, if anywhere.</param>
public sealed record PaneLine(string Text, LineKind Kind = LineKind.Normal, JumpTarget? Target = null)
{
    /// <summary>A section heading.</summary>
    public static PaneLine Heading(string text) => new(Names.Printable(text), LineKind.Heading);

    /// <summary>A plain line of untrusted text.</summary>
    public static PaneLine Plain(string text) => new(Names.Printable(text));

    /// <summary>A note that something is absent ("not captured").</summary>
    public static PaneLine Note(string text) => new(Names.Printable(text), LineKind.Note);
}
