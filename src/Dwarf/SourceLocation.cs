namespace Backtrace.Dwarf;

/// <summary>
/// One level of the source view of an address: an inlined call (innermost first) or, last, the function that
/// physically holds the code. File and line are where that level's code is: the line-table row for the innermost
/// level, the call site of the next inner level for the others.
/// </summary>
/// <param name="Function">Linkage (mangled) name when the DIE has one, else its plain name; null when unknown.</param>
/// <param name="File">Source file path as the line table gives it.</param>
/// <param name="Line">Line number, 0 when unknown.</param>
/// <param name="Column">Column, 0 when unknown.</param>
/// <param name="Inlined">True for an inlined call.</param>
public readonly record struct SourceLocation(string? Function, string? File, int Line, int Column, bool Inlined);
