using Backtrace.Analysis;
using Backtrace.Analysis.Memory;
using Backtrace.Analysis.Symbols;
using Backtrace.Capture.Model;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Modules;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>
/// Runs the analysis library on a freshly built snapshot while the capture is still open: rules may read
/// what the snapshot did not keep (the whole core file, or every range a live capture copied) and look up
/// symbols such as <c>__abort_msg</c>; what they rely on is copied into the snapshot as evidence.
/// </summary>
internal static class CaptureAnalysis
{
    public static AnalysisResult Run(Snapshot snapshot, CapturedProcess captured, ModuleCache cache, SnapshotOptions options)
    {
        var sources = new AnalysisSources
        {
            Memory = new CapturedMemoryReader(captured.Memory),
            Symbols = new LazySymbols(captured, cache),
        };
        return new SnapshotAnalyzer(options.Analysis).Analyze(snapshot, sources, options.Modules);
    }

    /// <summary>The capture's memory (core segments, or the ranges a live capture copied) as an analysis reader.</summary>
    private sealed class CapturedMemoryReader(ProcessMemory memory) : IMemoryReader
    {
        public int Read(ulong address, Span<byte> destination) => memory.Read(address, destination);
    }

    /// <summary>Symbol lookup through the modules' ELF symbol tables, set up only if a rule asks.</summary>
    private sealed class LazySymbols(CapturedProcess captured, ModuleCache cache) : ISymbolLookup
    {
        private ProcessUnwinder? _unwinder;

        public bool TryGetAddress(string symbol, string? moduleHint, out ulong address)
        {
            _unwinder ??= new ProcessUnwinder(captured, cache, new StackWalkOptions { SourceLines = false, InlineFrames = false });
            return _unwinder.TryFindSymbol(symbol, out address, out _);
        }
    }
}
