using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests;

/// <summary>Runs Lua source as a module on a snapshot with built-in rules off, so only the module's effects show.</summary>
internal static class LuaHarness
{
    public static (AnalysisResult Result, Snapshot Snapshot) Run(string source, Snapshot? snapshot = null, LuaLimits? limits = null,
        AnalysisSources? sources = null)
    {
        snapshot ??= new SnapshotBuilder().Signal(11, 1, 0x10).Build();
        var options = new AnalysisOptions { BuiltIn = BuiltInAnalysis.Never, Lua = limits ?? new LuaLimits() };
        var result = new SnapshotAnalyzer(options).Analyze(snapshot, sources, [LuaModule.FromSource("test", source)]);
        return (result, snapshot);
    }

    public static LuaModuleReport Report(this AnalysisResult result) => Assert.Single(result.Modules);
}
