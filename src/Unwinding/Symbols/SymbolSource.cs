using Backtrace.Elf;

namespace Backtrace.Unwinding.Symbols;

/// <summary>
/// The symbol tables of a module: the debug file's <c>.symtab</c> first (it has the local names a stripped object
/// lost, such as <c>__restore_rt</c>), then the object's own <c>.symtab</c> or <c>.dynsym</c>.
/// </summary>
internal sealed class SymbolSource
{
    private readonly ElfSymbolTable?[] _tables;

    private SymbolSource(ElfSymbolTable?[] tables, string? problem)
    {
        _tables = tables;
        Problem = problem;
    }

    /// <summary>Why a table could not be read, else null.</summary>
    public string? Problem { get; }

    public static SymbolSource Load(ElfFile elf, ElfFile? debug)
    {
        string? problem = null;
        var tables = new ElfSymbolTable?[] { Read(debug, ref problem), Read(elf, ref problem) };
        return new SymbolSource(tables, problem);
    }

    public bool TryFind(ulong address, out SymbolMatch match)
    {
        foreach (var table in _tables)
        {
            if (table is not null && table.TryFindContaining(address, out var symbol))
            {
                match = new SymbolMatch(symbol.Name, symbol.Value, symbol.Size);
                return true;
            }
        }

        match = default;
        return false;
    }

    public bool TryFindByName(string name, out SymbolMatch match)
    {
        foreach (var table in _tables)
        {
            if (table is not null && table.TryFindByName(name, out var symbol))
            {
                match = new SymbolMatch(symbol.Name, symbol.Value, symbol.Size);
                return true;
            }
        }

        match = default;
        return false;
    }

    private static ElfSymbolTable? Read(ElfFile? file, ref string? problem)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return file.GetSymbolTable();
        }
        catch (ElfFormatException e)
        {
            problem ??= e.Message;
            return null;
        }
    }
}
