namespace Backtrace.Analysis.Symbols;

/// <summary>
/// Symbol tables of the captured process, provided by the agent (which has the modules' ELF files). The
/// server has none; rules that need a symbol address then rely on memory the agent captured under a
/// <c>global:NAME</c> label.
/// </summary>
public interface ISymbolLookup
{
    /// <summary>
    /// The run-time address of a data or function symbol. <paramref name="moduleHint"/>, when given, is a
    /// substring of the module path to search first (e.g. <c>libc.so</c>).
    /// </summary>
    bool TryGetAddress(string symbol, string? moduleHint, out ulong address);
}
