using Backtrace.Analysis.Symbols;

namespace Backtrace.Analysis.Tests;

/// <summary>Symbol addresses from a dictionary, standing in for the agent's ELF symbol tables.</summary>
internal sealed class DictionarySymbols(Dictionary<string, ulong> symbols) : ISymbolLookup
{
    public bool TryGetAddress(string symbol, string? moduleHint, out ulong address) => symbols.TryGetValue(symbol, out address);
}
