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
/// One real crash per classifier: the crash programs are built in the test run and crash for real, and the
/// capture agent's own pipeline turns their cores into snapshots (<see cref="AgentCores"/>), which must carry
/// exactly the expected classifiers. The core_pattern path (backtrace-agent on-crash) is covered in
/// tests/CaptureAgent.Tests/HookTests.cs.
/// </summary>
public sealed class AgentEndToEndTests(CrashProgramBuild programs) : IClassFixture<CrashProgramBuild>, IDisposable
{
    private readonly AgentCores _cores = new();

    public static TheoryData<string, string[]> CModes => new()
    {
        { "null-write", ["segv", "unmapped", "write", "null-dereference"] },
        { "null-read", ["segv", "unmapped", "read", "null-dereference"] },
        { "non-canonical", ["segv", "general-protection", "non-canonical", "read"] },
        { "misaligned-sse", ["segv", "general-protection", "alignment"] },
        { "write-read-only", ["segv", "protection", "write"] },
        { "wild-jump", ["segv", "unmapped", "execute", "wild-jump"] },
        { "null-call", ["segv", "unmapped", "execute", "wild-jump", "null-dereference"] },
        { "stack-overflow", ["segv", "unmapped", "write", "stack-overflow"] },
        { "thread-stack-overflow", ["segv", "protection", "write", "stack-overflow"] },
        { "ud2", ["ill", "trap-instruction"] },
        { "divide-by-zero", ["fpe", "divide-by-zero"] },
        { "int-min-by-minus-one", ["fpe", "integer-overflow"] },
        { "breakpoint", ["trap", "breakpoint"] },
        { "abort", ["abort", "self-raised"] },
        { "memcpy-bad-length", ["segv", "unmapped", "read", "invalid-source", "bad-length"] },
        { "memcpy-read-only", ["segv", "protection", "write", "read-only-destination"] },
        { "memset-unmapped", ["segv", "unmapped", "write", "invalid-destination"] },
        { "free-stack-pointer", ["abort", "self-raised", "invalid-free"] },
        { "double-free", ["abort", "self-raised", "double-free", "heap-corruption"] },
        { "heap-overflow", ["abort", "self-raised", "heap-corruption"] },
        { "heap-victim", ["segv", "unmapped", "read", "heap-corruption-victim", "heap-corruption"] },
        { "fortify", ["abort", "self-raised", "fortify-failure"] },
        { "stack-smash", ["abort", "self-raised", "stack-smashing"] },
        { "assert", ["abort", "self-raised", "assertion"] },
        { "use-after-unmap", ["segv", "unmapped", "read", "cross-thread-alias"] },
    };

    public void Dispose() => _cores.Dispose();

    private Snapshot FromCore(string executable, SnapshotOptions? options = null, params string[] arguments) =>
        _cores.Capture(executable, options, null, arguments);

    private static string Describe(Snapshot snapshot) => AgentCores.Describe(snapshot);

    [Theory]
    [MemberData(nameof(CModes))]
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
        Assert.Contains("\"<jemalloc>: Abort (abort_conf:true) on invalid conf value (see above).\"",
            Assert.Single(snapshot.Annotations, a => a.Source == "analysis/jemalloc").Text);
    }

    [Fact]
    public void Core_of_an_assertion_carries_its_expression_and_location()
    {
        var snapshot = FromCore(programs.C, null, "assert");
        var note = Assert.Single(snapshot.Annotations, a => a.Source == "analysis/glibc-abort");
        Assert.Contains("Expression: count == 3; at", note.Text);
        Assert.Contains("crash.c:", note.Text);
        Assert.Contains("in check_count.", note.Text);
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
