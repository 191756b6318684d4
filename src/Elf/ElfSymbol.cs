namespace Backtrace.Elf;

/// <summary>A defined symbol.</summary>
/// <param name="Name">Name, without a GNU version suffix (<c>@GLIBC_2.2.5</c>).</param>
/// <param name="Value">st_value: a virtual address of the file.</param>
/// <param name="Size">st_size (0 for labels).</param>
/// <param name="Type">STT_* type.</param>
/// <param name="Binding">STB_* binding.</param>
public readonly record struct ElfSymbol(string Name, ulong Value, ulong Size, ElfSymbolType Type, ElfSymbolBinding Binding);
