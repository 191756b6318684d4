using Backtrace.Grains.Projects;
using Backtrace.Snapshots.Json;
using Backtrace.Storage.Bodies;

namespace Backtrace.Grains.Tests;

/// <summary>Analysis at ingest: built-in rules for unanalysed snapshots and a project's sandboxed Lua rules.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AnalysisRuleTests(ClusterFixture fixture)
{
    private readonly BacktraceCluster _backtrace = fixture.Backtrace;

    private async Task<Backtrace.Snapshots.Model.Snapshot> StoredAsync(string project, Guid uuid)
    {
        await using var stored = await _backtrace.Service<ISnapshotBodyStore>().OpenReadAsync(project, uuid);
        using var copy = new MemoryStream();
        await stored!.CopyToAsync(copy);
        return SnapshotJson.Deserialize(copy.ToArray());
    }

    [Fact]
    public async Task ProjectRules_ClassifyBeforeFingerprinting_AndARunawayRuleNeverStopsIngest()
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

        var snapshot = Crashes.Segv("parse_header", "serve", "main");
        var result = await _backtrace.SubmitAsync(project, snapshot);

        Assert.Equal(["segv", "null-dereference", "team-edge"], result.Classifiers);
        var stored = await StoredAsync(project, snapshot.Uuid);
        Assert.Equal("edge", stored.Attributes["team"].AsString);
        Assert.Contains(stored.Annotations, a => a.Name == "Lua module runaway was stopped" && (a.Text!.Contains("wall-clock limit", StringComparison.Ordinal) || a.Text!.Contains("instruction budget", StringComparison.Ordinal)));
        Assert.Contains(stored.Annotations, a => a.Source == "analysis/signal");
    }

    [Fact]
    public async Task SnapshotsTheAgentAnalysed_AreNotAnalysedAgain()
    {
        var project = await _backtrace.NewProjectAsync();
        var snapshot = Crashes.Segv("crash", "main");
        snapshot.Attributes["analysis.version"] = 1.0;
        await _backtrace.SubmitAsync(project, snapshot);

        var stored = await StoredAsync(project, snapshot.Uuid);
        Assert.Empty(stored.Annotations);
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
