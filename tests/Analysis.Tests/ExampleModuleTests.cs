using Backtrace.Analysis.Lua;
using Backtrace.Analysis.Tests.CrashPrograms;
using Backtrace.Capture.Building;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests;

/// <summary>The modules in examples/lua, run as users would run them: on real crashes where one fits.</summary>
public sealed class ExampleModuleTests(CrashProgramBuild programs) : IClassFixture<CrashProgramBuild>, IDisposable
{
    private readonly AgentCores _cores = new();

    public void Dispose() => _cores.Dispose();

    private static LuaModule Example(string name) => LuaModule.FromFile(Path.Combine(AppContext.BaseDirectory, "examples", name));

    [Fact]
    public void Interpreter_stack_adds_the_script_frames_of_a_real_toy_vm()
    {
        // Run by the agent, as an agent module: vm_top through bt.symbol, the script frames read from the core.
        var snapshot = _cores.Capture(programs.C, new SnapshotOptions { Modules = [Example("interpreter-stack.lua")] }, null, "vm");

        Assert.DoesNotContain(snapshot.Annotations, a => a.Name.StartsWith("Lua module", StringComparison.Ordinal));
        var frames = snapshot.FaultingThread!.Frames;
        var vm = frames.FindIndex(f => f.Function == "vm_execute");
        Assert.Equal(["on_request", "main"], frames.Skip(vm + 1).Take(2).Select(f => f.Function));
        Assert.Equal(["handlers.script", "app.script"], frames.Skip(vm + 1).Take(2).Select(f => f.File));
        Assert.All(frames.Skip(vm + 1).Take(2), f => Assert.Equal(FrameTrust.Synthetic, f.Trust));
        var json = Assert.Single(snapshot.Annotations, a => a.Source == "lua/interpreter-stack").Json!.Value;
        Assert.Equal("on_request (handlers.script:17)", json.GetProperty("frames")[0].GetString());
        Assert.Contains("null-dereference", snapshot.Classifiers);
    }

    [Fact]
    public void Assert_fingerprint_groups_a_real_assertion_by_its_location()
    {
        // The agent analyses the crash (keeping glibc's message as evidence); the rule then runs on the snapshot
        // alone, as a project rule does in the SnapshotGrain.
        var snapshot = _cores.Capture(programs.C, null, null, "assert");
        var result = new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.IfNotAnalyzed })
            .Analyze(snapshot, modules: [Example("assert-fingerprint.lua")]);

        Assert.Equal(LuaModuleOutcome.Completed, Assert.Single(result.Modules).Outcome);
        Assert.Matches(@"^assert:/.*crash\.c:\d+$", snapshot.Fingerprint);
        Assert.Equal("count == 3", snapshot.Attributes["assert.expression"].AsString);
    }

    [Fact]
    public void Team_routing_skips_libc_and_tags_the_first_owned_frame()
    {
        var builder = new SnapshotBuilder().Signal(11, 1, 0x10);
        builder.Faulting.Frames.AddRange(
        [
            new SnapshotFrame { Pc = SnapshotBuilder.LibcBase + 0x40000, Module = "/usr/lib/x86_64-linux-gnu/libc.so.6", Function = "__memmove_avx_unaligned_erms" },
            new SnapshotFrame { Pc = 0x7f0000401000, Module = "/opt/app/lib/libedge.so", Function = "http_parse_header" },
            new SnapshotFrame { Pc = 0x7f0000402000, Module = "/opt/app/lib/libpayments.so", Function = "charge" },
        ]);
        var snapshot = builder.Build();
        var result = new SnapshotAnalyzer().Analyze(snapshot, modules: [Example("team-routing.lua")]);

        Assert.Equal(LuaModuleOutcome.Completed, Assert.Single(result.Modules).Outcome);
        Assert.Equal("edge", snapshot.Attributes["team"].AsString);
        Assert.Contains("team-edge", snapshot.Classifiers);
        Assert.Equal(1, Assert.Single(snapshot.Annotations, a => a.Source == "lua/team-routing").Target!.FrameIndex);
    }

    [Fact]
    public void Module_directory_loads_every_example_in_name_order()
    {
        var modules = LuaModule.FromDirectory(Path.Combine(AppContext.BaseDirectory, "examples"));
        Assert.Equal(["assert-fingerprint", "interpreter-stack", "team-routing"], modules.Select(m => m.Name));
    }

    [Fact]
    public void Oversized_module_file_is_refused_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bt-big-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, new string('-', 2048));
        try
        {
            var error = Assert.Throws<LuaModuleException>(() => LuaModule.FromFile(path, maxBytes: 1024));
            Assert.Equal($"Lua module {path}: 2048 bytes is larger than the 1024-byte limit", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_module_file_and_directory_get_precise_errors()
    {
        var file = Assert.Throws<LuaModuleException>(() => LuaModule.FromFile("/nonexistent/x.lua"));
        Assert.Equal("Lua module /nonexistent/x.lua: file not found", file.Message);
        var directory = Assert.Throws<LuaModuleException>(() => LuaModule.FromDirectory("/nonexistent"));
        Assert.Equal("Lua module directory /nonexistent: not found", directory.Message);
    }
}
