namespace Backtrace.Dwarf.Lines;

/// <summary>One row of a line table: an address and the source position of the code there.</summary>
internal readonly record struct LineRow(ulong Address, int File, int Line, int Column, bool EndSequence);
