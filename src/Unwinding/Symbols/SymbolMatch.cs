namespace Backtrace.Unwinding.Symbols;

/// <summary>The symbol covering an address: its (demangled when asked) name, start and size in file virtual addresses.</summary>
/// <param name="Name">Name without GNU version suffix (<c>@@GLIBC_2.2.5</c>).</param>
/// <param name="Address">Start (<c>st_value</c>), a virtual address of the file.</param>
/// <param name="Size">Size (<c>st_size</c>); 0 for labels such as <c>__restore_rt</c>, which then cover only their own address range up to the next symbol.</param>
public readonly record struct SymbolMatch(string Name, ulong Address, ulong Size);
