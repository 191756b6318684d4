using Backtrace.Elf;

namespace Backtrace.Unwinding.Symbols;

/// <summary>Source lines and inlined calls of a module from its DWARF (debug file first).</summary>
internal sealed class SourceLineResolver
{
    public static SourceLineResolver? Load(ElfFile? debug, ElfFile elf) => null;

    public bool TryResolve(ulong address, bool inlines, List<SourceFrame> into) => false;
}
