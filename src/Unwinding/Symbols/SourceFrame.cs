namespace Backtrace.Unwinding.Symbols;

/// <summary>
/// One level of the source view of an address: an inlined call (innermost first) or, last, the function that
/// physically holds the code. File and line are where that level's code is: the line-table row for the innermost
/// level, the call site of the next inner level for the others.
/// </summary>
internal readonly record struct SourceFrame(string? Function, string? File, int Line, int Column, bool Inlined);
