using System.Diagnostics;
using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests;

/// <summary>Escape and exhaustion attempts: each is contained, reported as an annotation, and leaves the host running.</summary>
public sealed class LuaSandboxTests
{
    private static readonly LuaLimits Small = new() { MaxInstructions = 2_000_000, MaxMemoryBytes = 8 * 1024 * 1024, WallClock = TimeSpan.FromSeconds(20) };

    private static LuaModuleReport AssertContained(string source, LuaModuleOutcome outcome, string expectedError, LuaLimits? limits = null)
    {
        var clock = Stopwatch.StartNew();
        var (result, snapshot) = LuaHarness.Run(source, limits: limits ?? Small);
        var report = result.Report();
        Assert.Equal(outcome, report.Outcome);
        Assert.Contains(expectedError, report.Error);
        var annotation = Assert.Single(snapshot.Annotations);
        Assert.Equal(AnnotationLevel.Warning, annotation.Level);
        Assert.Equal("lua/test", annotation.Source);
        Assert.Contains(expectedError, annotation.Text);
        Assert.DoesNotContain("escaped", snapshot.Classifiers);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"containment took {clock.Elapsed}");
        return report;
    }

    [Theory]
    [InlineData("io.open('/etc/passwd')", "global 'io'")]
    [InlineData("os.execute('touch /tmp/escaped')", "global 'os'")]
    [InlineData("require('io')", "global 'require'")]
    [InlineData("load('return 1')()", "global 'load'")]
    [InlineData("loadfile('/etc/passwd')", "global 'loadfile'")]
    [InlineData("dofile('/etc/passwd')", "global 'dofile'")]
    [InlineData("debug.getregistry()", "global 'debug'")]
    [InlineData("collectgarbage('stop')", "global 'collectgarbage'")]
    [InlineData("package.loaded.io.open('/etc/passwd')", "global 'package'")]
    [InlineData("luanet.import_type('System.IO.File')", "global 'luanet'")]
    [InlineData("string.dump(function() end)", "field 'dump'")]
    [InlineData("(''):dump()", "method 'dump'")]
    [InlineData("warn('@on')", "global 'warn'")]
    public void File_process_loader_and_debug_access_is_absent(string attempt, string error) =>
        AssertContained(attempt + "\nbt.classify('escaped')", LuaModuleOutcome.Failed, error);

    [Fact]
    public void Precompiled_bytecode_is_refused()
    {
        var bytecode = "\u001bLua\u0054\u0000"u8.ToArray();
        var snapshot = new SnapshotBuilder().Signal(11, 1, 0x10).Build();
        var module = LuaModule.FromSource("test", System.Text.Encoding.Latin1.GetString(bytecode));
        var result = new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.Never }).Analyze(snapshot, modules: [module]);
        Assert.Equal(LuaModuleOutcome.Failed, result.Report().Outcome);
        Assert.Contains("binary chunk", result.Report().Error);
    }

    [Fact]
    public void String_rep_memory_bomb_hits_the_memory_limit() =>
        AssertContained("local s = string.rep('x', 1 << 30)\nbt.classify('escaped')", LuaModuleOutcome.Stopped, "memory limit of 8388608 bytes exceeded");

    [Fact]
    public void Growing_table_hits_the_memory_limit()
    {
        var report = AssertContained("""
            local t = {}
            for i = 1, 1e9 do t[i] = string.rep('y', 1000) .. i end
            bt.classify('escaped')
            """, LuaModuleOutcome.Stopped, "memory limit");
        Assert.True(report.PeakMemoryBytes <= Small.MaxMemoryBytes + (1 << 20), $"peak {report.PeakMemoryBytes}");
    }

    [Fact]
    public void Memory_errors_swallowed_by_pcall_still_stop_the_module() =>
        AssertContained("""
            while true do pcall(string.rep, 'x', 1 << 30) end
            """, LuaModuleOutcome.Stopped, "memory limit");

    [Fact]
    public void Infinite_loop_hits_the_instruction_budget() =>
        AssertContained("while true do end", LuaModuleOutcome.Stopped, "instruction budget of 2000000 exceeded");

    [Fact]
    public void Infinite_loop_in_a_handler_hits_the_instruction_budget() =>
        AssertContained("bt.on('snapshot', function() local i = 0 while true do i = i + 1 end end)", LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Wall_clock_limit_stops_a_module_with_a_large_budget() =>
        AssertContained("while true do end", LuaModuleOutcome.Stopped, "wall-clock limit of 200 ms exceeded",
            new LuaLimits { MaxInstructions = long.MaxValue, WallClock = TimeSpan.FromMilliseconds(200) });

    [Fact]
    public void Pcall_cannot_swallow_the_budget() =>
        AssertContained("while true do pcall(function() while true do end end) end", LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Xpcall_handler_cannot_swallow_the_budget() =>
        AssertContained("xpcall(function() while true do end end, function() while true do end end)\nbt.classify('escaped')",
            LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Coroutines_cannot_escape_the_budget() =>
        AssertContained("""
            while true do
              local co = coroutine.create(function() while true do end end)
              coroutine.resume(co)
            end
            """, LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Coroutine_wrap_cannot_escape_the_budget() =>
        AssertContained("""
            local f = coroutine.wrap(function() while true do end end)
            while true do pcall(f) end
            """, LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Loop_inside_a_sort_comparator_is_stopped() =>
        AssertContained("table.sort({3, 2, 1}, function(a, b) while true do end end)", LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Deep_recursion_fails_cleanly()
    {
        var (result, snapshot) = LuaHarness.Run("local function f(n) return 1 + f(n + 1) end\nf(1)", limits: Small);
        Assert.NotEqual(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Matches("stack overflow|memory limit", result.Report().Error);
        Assert.Single(snapshot.Annotations);
    }

    [Fact]
    public void Gc_metamethods_are_refused() =>
        AssertContained("setmetatable({}, {__gc = function() while true do end end})", LuaModuleOutcome.Failed, "__gc metamethods are not allowed");

    [Fact]
    public void Index_metamethod_loop_on_globals_is_stopped() =>
        AssertContained("setmetatable(_G, {__index = function() while true do end end})\nlocal x = missing",
            LuaModuleOutcome.Stopped, "instruction budget");

    [Fact]
    public void Error_object_with_a_looping_tostring_is_not_called() =>
        AssertContained("error(setmetatable({}, {__tostring = function() while true do end end}))", LuaModuleOutcome.Failed, "error object is a table");

    [Fact]
    public void Catastrophic_pattern_is_refused_before_it_runs() =>
        AssertContained("string.find(string.rep('a', 100000), '.-.-.-.-b')", LuaModuleOutcome.Failed, "pattern too expensive");

    [Fact]
    public void Pattern_methods_on_strings_are_guarded_too() =>
        AssertContained("local s = string.rep('a', 100000)\ns:match('(.-)(.-)(.-)x')", LuaModuleOutcome.Failed, "pattern too expensive");

    [Fact]
    public void Nothing_reachable_from_globals_is_a_dotnet_object()
    {
        var (result, snapshot) = LuaHarness.Run("""
            local seen, found = {}, {}
            local function walk(v, path)
              if type(v) == "userdata" then found[#found + 1] = path end
              if type(v) ~= "table" or seen[v] then return end
              seen[v] = true
              for k, x in pairs(v) do walk(x, path .. "." .. tostring(k)) end
              local mt = getmetatable(v)
              if mt then walk(mt, path .. ".<mt>") end
            end
            walk(_G, "_G")
            walk(getmetatable(""), "<string mt>")
            walk(bt.threads(), "threads")
            walk(bt.frames(bt.faulting_thread().tid), "frames")
            bt.annotate("comment", "userdata", table.concat(found, ","))
            """);
        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Equal("", Assert.Single(snapshot.Annotations).Text);
    }

    [Fact]
    public void Failed_module_findings_are_discarded_and_the_next_module_runs()
    {
        var snapshot = new SnapshotBuilder().Signal(11, 1, 0x10).Build();
        var modules = new[]
        {
            LuaModule.FromSource("bad", "bt.classify('from-bad')\nleak = true\nerror('boom')"),
            LuaModule.FromSource("good", "bt.classify(leak and 'leaked' or 'isolated')"),
        };
        var result = new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.Never }).Analyze(snapshot, modules: modules);

        Assert.Equal([LuaModuleOutcome.Failed, LuaModuleOutcome.Completed], result.Modules.Select(m => m.Outcome));
        Assert.Equal(["isolated"], snapshot.Classifiers);
        var failure = Assert.Single(snapshot.Annotations);
        Assert.Equal("Lua module bad failed", failure.Name);
        Assert.Contains("bad:3: boom", failure.Text);
    }
}
