using Backtrace.Analysis;
using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Model;
using Backtrace.Unwinding.Walking;

namespace Backtrace.Capture.Building;

/// <summary>What the snapshot says beyond what was captured: identity, metadata, and how to unwind.</summary>
public sealed class SnapshotOptions
{
    /// <summary>Application name; defaults to the process name.</summary>
    public string? Application { get; set; }

    public string? ApplicationVersion { get; set; }

    /// <summary>Metadata attributes (<c>--kv</c>, the defaults file, <c>BACKTRACE_ATTR_*</c> variables).</summary>
    public Dictionary<string, AttributeValue> Attributes { get; set; } = [];

    /// <summary>Stack walk limits and choices.</summary>
    public StackWalkOptions Walk { get; set; } = new();

    /// <summary>Run the built-in analysis and <see cref="Modules"/> on the snapshot (docs/analysis.md). Default on.</summary>
    public bool Analyze { get; set; } = true;

    /// <summary>Analysis limits: memory reads beyond the capture, Lua budgets.</summary>
    public AnalysisOptions Analysis { get; set; } = new();

    /// <summary>Lua modules run after the built-in analysis (<c>--module</c>, the module directory).</summary>
    public IReadOnlyList<LuaModule> Modules { get; set; } = [];
}
