using Backtrace.Elf;

namespace Backtrace.Unwinding.Symbols;

/// <summary>
/// The symbol tables of a module: the debug file's <c>.symtab</c> first (it has the local names a stripped object
/// lost, such as <c>__restore_rt</c>), then the object's own <c>.symtab</c> or <c>.dynsym</c>. Each table is read on the
/// first lookup that reaches it, so a library whose debug file names every frame never has its <c>.dynsym</c> sorted.
/// Thread-safe.
/// </summary>
internal sealed class SymbolSource(ElfFile elf, ElfFile? debug)
{
    private readonly object _sync = new();
    private readonly Table _debug = new(debug);
    private readonly Table _own = new(elf);

    /// <summary>Why a table that was needed could not be read, else null.</summary>
    public string? Problem { get; private set; }

    public bool TryFind(ulong address, out SymbolMatch match)
    {
        ElfSymbol symbol = default;
        var found = Get(_debug)?.TryFindContaining(address, out symbol) == true || Get(_own)?.TryFindContaining(address, out symbol) == true;
        match = found ? new SymbolMatch(symbol.Name, symbol.Value, symbol.Size) : default;
        return found;
    }

    public bool TryFindByName(string name, out SymbolMatch match)
    {
        ElfSymbol symbol = default;
        var found = Get(_debug)?.TryFindByName(name, out symbol) == true || Get(_own)?.TryFindByName(name, out symbol) == true;
        match = found ? new SymbolMatch(symbol.Name, symbol.Value, symbol.Size) : default;
        return found;
    }

    private ElfSymbolTable? Get(Table table)
    {
        if (table.IsRead)
        {
            return table.Symbols;
        }

        lock (_sync)
        {
            if (!table.IsRead && table.File is { } file)
            {
                try
                {
                    table.Symbols = file.GetSymbolTable();
                }
                catch (ElfFormatException e)
                {
                    Problem ??= e.Message;
                }
            }

            table.IsRead = true;
            return table.Symbols;
        }
    }

    /// <summary>One file's table, read at most once (a malformed one is not retried on every lookup).</summary>
    private sealed class Table(ElfFile? file)
    {
        private volatile bool _isRead;

        public ElfFile? File { get; } = file;

        public ElfSymbolTable? Symbols { get; set; }

        /// <summary>Set after <see cref="Symbols"/>, so a reader that sees it true sees the table.</summary>
        public bool IsRead
        {
            get => _isRead;
            set => _isRead = value;
        }
    }
}
