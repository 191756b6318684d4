using Backtrace.Analysis.Lua;

namespace Backtrace.Analysis;

/// <summary>What one <see cref="SnapshotAnalyzer.Analyze"/> call did; the findings are already applied to the snapshot.</summary>
public sealed class AnalysisResult
{
    public required AnalysisFindings Findings { get; init; }

    /// <summary>True when the built-in rules ran (see <see cref="BuiltInAnalysis"/>).</summary>
    public bool BuiltInRan { get; init; }

    /// <summary>Time spent in the built-in rules.</summary>
    public TimeSpan BuiltInElapsed { get; init; }

    /// <summary>Time spent in each built-in rule, by rule id (the first rule to decode pays Iced's set-up).</summary>
    public IReadOnlyDictionary<string, TimeSpan> RuleElapsed { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>One report per Lua module, in the order they ran.</summary>
    public IReadOnlyList<LuaModuleReport> Modules { get; init; } = [];

    /// <summary>Bytes read through the extra memory reader.</summary>
    public long ExtraBytesRead { get; init; }
}
