using Backtrace.Analysis.Lua;
using Backtrace.Analysis.Tests.CrashPrograms;
using Backtrace.Capture;
using Backtrace.Capture.Building;
using Backtrace.Capture.Platform;
using Backtrace.Snapshots.Model;
using Backtrace.TestSupport;
using Backtrace.Unwinding.Modules;

namespace Backtrace.Analysis.Tests;

/// <summary>
/// The crash programs crash for real, the kernel writes their cores (under the shared core_pattern lock),
/// and the capture agent's own pipeline (core front end, unwinder, snapshot builder, analysis with the
/// core as its memory reader) produces the snapshot, which must carry exactly the expected classifiers.
/// </summary>
public sealed class AgentEndToEndTests(CrashProgramBuild programs) : IClassFixture<CrashProgramBuild>, IDisposable
{
    private readonly string _cores = Directory.CreateTempSubdirectory("bt-analysis-cores-").FullName;

    public void Dispose() => Directory.Delete(_cores, recursive: true);

    private Snapshot FromCore(string executable, SnapshotOptions? options = null, params string[] arguments)
    {
        var core = KernelCore.Produce(executable, _cores, arguments);
        var runner = new CaptureRunner(CapturePlatforms.Current, new ModuleCacheOptions(), new CaptureOptions(), options ?? new SnapshotOptions());
        var snapshot = runner.ReadCore(core.Path);
        File.Delete(core.Path);
        return snapshot;
    }

    private static string Describe(Snapshot snapshot) =>
        string.Join("\n", snapshot.Annotations.Select(a => $"{a.Source}: {a.Name}: {a.Text}"));

    [Theory]
    [MemberData(nameof(RealCrashTests.CModes), MemberType = typeof(RealCrashTests))]
    public void Core_of_a_real_crash_carries_exactly_the_expected_classifiers(string mode, string[] expected)
    {
        var snapshot = FromCore(programs.C, null, mode);
        Assert.True(expected.SequenceEqual(snapshot.Classifiers),
            $"{mode}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", snapshot.Classifiers)}]\n{Describe(snapshot)}");
        Assert.Equal(1.0, snapshot.Attributes[SnapshotAnalyzer.VersionAttribute].AsNumber);
    }

    [Theory]
    [InlineData("standard", "std::runtime_error", "config file missing")]
    [InlineData("derived", "app::ConfigError", "bad port")]
    public void Core_of_an_uncaught_exception_names_its_type(string kind, string type, string message)
    {
        var snapshot = FromCore(programs.Cxx, null, kind);
        Assert.Equal(["abort", "self-raised", "uncaught-exception"], snapshot.Classifiers);
        Assert.Contains($"of type {type} with what() = \"{message}\"",
            Assert.Single(snapshot.Annotations, a => a.Source == "analysis/uncaught-exception").Text);
    }

    [Fact]
    public void Core_of_a_jemalloc_abort_carries_its_message()
    {
        var snapshot = FromCore("/usr/bin/env", null, "MALLOC_CONF=abort_conf:true,bogus:1", programs.Jemalloc, "clean");
        Assert.Equal(["abort", "self-raised", "jemalloc"], snapshot.Classifiers);
    }

    [Fact]
    public void Evidence_lets_the_server_reach_the_same_verdict_from_the_snapshot_alone()
    {
        var agent = FromCore(programs.C, null, "double-free");
        var json = Snapshots.Json.SnapshotJson.Serialize(agent);

        // The server re-runs the rules (as for a snapshot from an older agent) on the deserialized snapshot.
        var server = Snapshots.Json.SnapshotJson.Deserialize(json);
        server.Classifiers.Clear();
        server.Annotations.Clear();
        server.Attributes.Remove(SnapshotAnalyzer.VersionAttribute);
        new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.IfNotAnalyzed }).Analyze(server);

        Assert.Equal(agent.Classifiers, server.Classifiers);
        Assert.Contains(agent.Memory, r => r.Label == "deref:__abort_msg");
    }

    [Fact]
    public void Clean_snapshot_of_a_running_program_gets_no_classifier()
    {
        var program = CrashProgram.Build("crashy.c");
        using var running = program.Start("park", "4");
        var runner = new CaptureRunner(CapturePlatforms.Current, new ModuleCacheOptions(), new CaptureOptions(), new SnapshotOptions());
        var snapshot = runner.CaptureLive(running.Pid);

        Assert.Empty(snapshot.Classifiers);
        Assert.Empty(snapshot.Annotations);
        Assert.Equal(1.0, snapshot.Attributes[SnapshotAnalyzer.VersionAttribute].AsNumber);
    }

    [Fact]
    public void Agent_runs_lua_modules_and_a_runaway_one_never_stops_capture()
    {
        var modules = new[]
        {
            LuaModule.FromSource("runaway", "while true do end"),
            LuaModule.FromFile(Path.Combine(AppContext.BaseDirectory, "examples", "team-routing.lua")),
        };
        var snapshot = FromCore(programs.C, new SnapshotOptions { Modules = modules }, "null-write");

        Assert.Contains("team-platform", snapshot.Classifiers);
        Assert.Contains(snapshot.Annotations, a => a.Name == "Lua module runaway was stopped");
        Assert.Contains("null-dereference", snapshot.Classifiers);
    }
}
