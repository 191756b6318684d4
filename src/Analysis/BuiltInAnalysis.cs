namespace Backtrace.Analysis;

/// <summary>When <see cref="SnapshotAnalyzer"/> runs the built-in rules.</summary>
public enum BuiltInAnalysis
{
    /// <summary>Always run them (the agent).</summary>
    Always,

    /// <summary>
    /// Run them unless the snapshot already carries the <c>analysis.version</c> attribute, i.e. an agent
    /// analysed it with more memory than the snapshot holds (the server's default).
    /// </summary>
    IfNotAnalyzed,

    /// <summary>Run only Lua modules.</summary>
    Never,
}
