using Backtrace.Analysis.Memory;
using Backtrace.Analysis.Symbols;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Lua;

/// <summary>What one module's API calls read and write: the snapshot, memory, and the module's own findings.</summary>
internal sealed class LuaApiState
{
    public const int MaxLogLines = 64;

    public LuaApiState(string module, Snapshot snapshot, AnalysisMemory memory, AddressSpace space, ISymbolLookup? symbols,
        IReadOnlyList<string> classifiersSoFar, IReadOnlyList<Annotation> annotationsSoFar, LuaLimits limits)
    {
        Module = module;
        Snapshot = snapshot;
        Memory = memory;
        Space = space;
        Symbols = symbols;
        ClassifiersSoFar = classifiersSoFar;
        AnnotationsSoFar = annotationsSoFar;
        Limits = limits;
    }

    public string Module { get; }
    public Snapshot Snapshot { get; }
    public AnalysisMemory Memory { get; }
    public AddressSpace Space { get; }
    public ISymbolLookup? Symbols { get; }

    /// <summary>Classifiers of the snapshot plus those built-in analysis and earlier modules added.</summary>
    public IReadOnlyList<string> ClassifiersSoFar { get; }

    /// <summary>Annotations of the snapshot plus those built-in analysis and earlier modules added.</summary>
    public IReadOnlyList<Annotation> AnnotationsSoFar { get; }

    public LuaLimits Limits { get; }

    /// <summary>This module's findings; merged into the analysis only if the module completes.</summary>
    public AnalysisFindings Findings { get; } = new();

    public List<string> Log { get; } = [];

    /// <summary>Annotation source for everything this module adds.</summary>
    public string Source => "lua/" + Module;

    public SnapshotThread? Thread(long tid) => Snapshot.Threads.Find(t => t.Tid == tid);
}
