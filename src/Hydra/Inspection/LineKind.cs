namespace Backtrace.Hydra.Inspection;

/// <summary>How a pane line is drawn.</summary>
public enum LineKind
{
    Normal,

    /// <summary>A section heading.</summary>
    Heading,

    /// <summary>The line that corresponds to the current position (the pc, the source line): drawn with a marker.</summary>
    Current,

    /// <summary>Something to notice: a faulted thread, a scanned frame, a critical annotation.</summary>
    Alert,

    /// <summary>An explanation that the data is absent.</summary>
    Note,
}
