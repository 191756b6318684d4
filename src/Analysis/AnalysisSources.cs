using Backtrace.Analysis.Memory;
using Backtrace.Analysis.Symbols;

namespace Backtrace.Analysis;

/// <summary>
/// What the agent can offer beyond the snapshot: a reader of the live process (or of the core file) and
/// the modules' symbol tables. The server passes nothing and analyses the snapshot alone.
/// </summary>
public sealed class AnalysisSources
{
    /// <summary>Bounded reads of the process memory the snapshot did not capture.</summary>
    public IMemoryReader? Memory { get; init; }

    /// <summary>Symbol addresses (e.g. <c>__abort_msg</c> in libc).</summary>
    public ISymbolLookup? Symbols { get; init; }

    /// <summary>No extra sources: the snapshot alone.</summary>
    public static AnalysisSources None { get; } = new();
}
