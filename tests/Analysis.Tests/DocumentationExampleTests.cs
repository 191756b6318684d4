using System.Text.RegularExpressions;
using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests;

/// <summary>Every ```lua example in docs/lua-api.md runs as a module and leaves a mark on the snapshot.</summary>
public sealed partial class DocumentationExampleTests
{
    [GeneratedRegex("```lua\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex LuaBlock();

    public static TheoryData<int> Examples()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LuaBlock().Matches(Document()).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Lua_api_example_runs_and_changes_the_snapshot(int index)
    {
        var source = LuaBlock().Matches(Document())[index].Groups[1].Value;
        var builder = new SnapshotBuilder().Signal(11, 1, 0x10).Registers(("rip", SnapshotBuilder.CodeBase + 0x1200))
            .Word(SnapshotBuilder.StackTop - 0x1000, 0x1122334455667788);
        builder.Faulting.Frames.Add(new SnapshotFrame { Pc = 0x7f0000401000, Module = "/opt/app/libpayments.so", Function = "charge" });
        var snapshot = builder.Build();
        var result = new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.Never })
            .Analyze(snapshot, modules: [LuaModule.FromSource($"doc{index}", source)]);

        var report = Assert.Single(result.Modules);
        Assert.True(report.Outcome == LuaModuleOutcome.Completed, $"example {index} {report.Outcome}: {report.Error}\n{source}");
        Assert.True(snapshot.Annotations.Count + snapshot.Classifiers.Count > 0, $"example {index} changed nothing");
    }

    private static string Document() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "lua-api.md"));
}
