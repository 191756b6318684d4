using Backtrace.Analysis;
using Backtrace.Analysis.Lua;
using Backtrace.Grains.Projects;
using Backtrace.Snapshots.Model;

namespace Backtrace.Grains.Snapshots;

/// <summary>
/// Analysis at ingest (docs/analysis.md): the built-in rules for snapshots no agent analysed (client
/// reports, older agents), then the project's Lua rules, on the snapshot alone. A failing or runaway rule
/// becomes an annotation on the snapshot; ingest always goes on.
/// </summary>
internal static class IngestAnalysis
{
    private static readonly SnapshotAnalyzer Analyzer = new(new AnalysisOptions
    {
        BuiltIn = BuiltInAnalysis.IfNotAnalyzed,
        // Rules run inside an ingest call: keep a runaway one short.
        Lua = new LuaLimits { WallClock = TimeSpan.FromMilliseconds(250), MaxMemoryBytes = 16 * 1024 * 1024 },
    });

    public static AnalysisResult Run(Snapshot snapshot, ProjectIngestConfig config) =>
        Analyzer.Analyze(snapshot, modules: config.AnalysisRules.Select(r => LuaModule.FromSource(r.Name, r.Source, $"project {config.Project} rule")));
}
