using Backtrace.Analysis.Server;
using Backtrace.Grains.Projects;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Index;

namespace Backtrace.Grains.Tests;

/// <summary>Analysis at ingest: built-in rules for unanalysed snapshots and a project's sandboxed Lua rules.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AnalysisRuleTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    private static Backtrace.Snapshots.Model.Snapshot NullWrite(params string[] functions)
    {
        var snapshot = Crashes.Segv(functions);
        snapshot.Fault!.Code = 1;
        snapshot.Fault.Address = 0x10;
        return snapshot;
    }

    [Fact]
    public async Task ProjectRules_ClassifyAndSetAttributesBeforeIndexing_AndARunawayRuleNeverStopsIngest()
    {
        var project = await _backtrace.NewProjectAsync();
        await _backtrace.Grains.GetGrain<IProjectGrain>(project).SetAnalysisRulesAsync(
        [
            new AnalysisRule { Name = "runaway", Source = "while true do end" },
            new AnalysisRule
            {
                Name = "team-routing",
                Source = """
                    local t = bt.faulting_thread()
                    for _, f in ipairs(bt.frames(t.tid)) do
                      if f.symbol == "parse_header" then bt.classify("team-edge") bt.set_attribute("team", "edge") end
                    end
                    """,
            },
        ]);

        var snapshot = NullWrite("parse_header", "serve", "main");
        var result = await _backtrace.SubmitAsync(project, snapshot);

        Assert.Equal(["segv", "null-dereference", "unmapped", "team-edge"], result.Classifiers);
        var row = await _backtrace.Service<ISnapshotIndex>().GetAsync(project, snapshot.Uuid);
        Assert.Equal("edge", row!.Attributes["team"].AsString);
        Assert.Equal(1.0, row.Attributes["analysis.version"].AsNumber);

        // The body is kept as sent; what analysis added, the runaway rule's annotation included, is kept beside it.
        var bodies = _backtrace.Service<ISnapshotBodyStore>();
        await using var stored = await bodies.OpenReadAsync(project, SidecarKeys.ServerAnalysis(snapshot.Uuid));
        Assert.NotNull(stored);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        var kept = ServerAnalysisJson.Deserialize(copy.ToArray());
        Assert.Equal(["segv", "unmapped", "null-dereference", "team-edge"], kept.Classifiers);
        Assert.Equal("edge", kept.Attributes["team"].AsString);
        Assert.Contains(kept.Annotations, a => a.Source == "lua/runaway" && a.Name == "Lua module runaway was stopped");
        Assert.Contains(kept.Annotations, a => a.Source == "analysis/null-dereference");
    }

    [Fact]
    public async Task ARuleThatDoesNotCompile_IsRefusedWithTheLuaErrorAndLine_AndTheRulesStayAsTheyWere()
    {
        var project = await _backtrace.NewProjectAsync();
        var grain = _backtrace.Grains.GetGrain<IProjectGrain>(project);
        await grain.SetAnalysisRulesAsync([new AnalysisRule { Name = "kept", Source = "bt.classify('kept')" }]);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => grain.SetAnalysisRulesAsync(
        [
            new AnalysisRule { Name = "fine", Source = "bt.classify('fine')" },
            new AnalysisRule { Name = "broken", Source = "if bt.fault() then\n  bt.classify('x'\nend\n" },
        ]));

        Assert.Equal("analysis_rules[1].source", error.Field);
        Assert.Equal("rule 'broken': Lua syntax error on line 3: ')' expected (to close '(' at line 2) near 'end'", error.Reason);
        Assert.Equal(["kept"], (await grain.GetAsync()).AnalysisRules.Select(r => r.Name));
    }

    [Fact]
    public async Task SnapshotsTheAgentAnalysed_AreNotAnalysedAgain()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = NullWrite("crash", "main");
        snapshot.Attributes["analysis.version"] = 1.0;
        var result = await _backtrace.SubmitAsync(project, snapshot);
        Assert.Equal(["segv", "null-dereference"], result.Classifiers);
    }

    [Theory]
    [InlineData("Bad Name", "analysis_rules[0].name")]
    [InlineData("ok", "analysis_rules[0].source")]
    public async Task InvalidRules_AreRefusedWithTheField(string name, string field)
    {
        var project = await _backtrace.NewProjectAsync();
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            _backtrace.Grains.GetGrain<IProjectGrain>(project).SetAnalysisRulesAsync([new AnalysisRule { Name = name, Source = name == "ok" ? " " : "x = 1" }]));
        Assert.Equal(field, error.Field);
    }
}
