using Backtrace.Analysis.Lua;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests;

public sealed class LuaApiTests
{
    [Fact]
    public void Module_reads_fault_and_threads_and_classifies()
    {
        var (result, snapshot) = LuaHarness.Run("""
            bt.on("snapshot", function()
              local f = bt.fault()
              local t = bt.faulting_thread()
              bt.classify("lua-saw-" .. f.name:lower())
              bt.annotate("warning", "Seen", string.format("signal %d at %s on %d", f.signal, bt.hex(f.address), t.tid))
            end)
            """);

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Contains("lua-saw-sigsegv", snapshot.Classifiers);
        var annotation = Assert.Single(snapshot.Annotations);
        Assert.Equal(AnnotationLevel.Warning, annotation.Level);
        Assert.Equal("signal 11 at 0x10 on 4242", annotation.Text);
        Assert.Equal("lua/test", annotation.Source);
    }
}

public sealed class LuaApiSurfaceTests
{
    private static Snapshot Sample()
    {
        var builder = new SnapshotBuilder().Signal(11, 1, 0x10)
            .Registers(("rax", 0x10), ("rip", SnapshotBuilder.CodeBase + 0x1100))
            .Frames("crash_here", "main", "__libc_start_call_main")
            .Word(SnapshotBuilder.HeapBase + 0x40, 0x1122334455667788, "register")
            .Capture(SnapshotBuilder.HeapBase + 0x100, "hello\0world"u8.ToArray(), "register");
        builder.AddThread(7, ("rip", SnapshotBuilder.LibcBase + 0x30000), ("rsp", SnapshotBuilder.StackTop - 0x8000));
        var snapshot = builder.Build();
        snapshot.Attributes["app.region"] = "eu-1";
        snapshot.Attributes["app.build"] = 42.0;
        return snapshot;
    }

    [Fact]
    public void Frames_registers_modules_mappings_and_attributes_are_readable()
    {
        var (result, snapshot) = LuaHarness.Run("""
            local t = bt.faulting_thread()
            local frames = bt.frames(t.tid)
            local regs = bt.registers(t.tid)
            local m = bt.mapping(regs.rip)
            local attrs = bt.attributes()
            bt.annotate("comment", "facts", table.concat({
              #bt.threads(), t.frame_count, frames[1].symbol, frames[2].symbol, frames[1].trust,
              bt.hex(regs.rax), m.perms, m.path, #bt.modules(), #bt.mappings() > 5 and "maps" or "none",
              attrs["app.region"], tostring(attrs["app.build"]), bt.process().name, bt.process().pid,
            }, " "))
            """, Sample());

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Equal("2 3 crash_here main cfi 0x10 r-xp /opt/crash 2 maps eu-1 42.0 crash 4242", Assert.Single(snapshot.Annotations).Text);
    }

    [Fact]
    public void Captured_memory_reads_return_bytes_words_and_strings()
    {
        var (result, snapshot) = LuaHarness.Run($$"""
            local word = bt.read_u64({{SnapshotBuilder.HeapBase + 0x40}})
            local text = bt.read_string({{SnapshotBuilder.HeapBase + 0x100}}, 64)
            local partial = bt.read({{SnapshotBuilder.HeapBase + 0x100}}, 64)
            local none, why = bt.read(16, 8)
            bt.annotate("comment", "memory", string.format("%s %s %d %s %s", bt.hex(word), text, #partial, tostring(none), why))
            """, Sample());

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Equal("0x1122334455667788 hello 11 nil memory at 0x10 is not readable", Assert.Single(snapshot.Annotations).Text);
    }

    [Fact]
    public void Live_reader_serves_reads_beyond_the_capture_within_bounds()
    {
        var live = new ArrayMemoryReader(0x7000_0000, [1, 2, 3, 4, 5, 6, 7, 8]);
        var (result, snapshot) = LuaHarness.Run("""
            local ok = bt.read_u32(0x70000000)
            local big, why = pcall(bt.read, 0x70000000, 1 << 20)
            bt.annotate("comment", "live", bt.hex(ok) .. " " .. tostring(big))
            """, Sample(), sources: new AnalysisSources { Memory = live });

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Equal("0x4030201 false", Assert.Single(snapshot.Annotations).Text);
        Assert.Equal(4, live.BytesServed);
    }

    [Fact]
    public void Thread_and_frame_events_fire_with_match_filters()
    {
        var (result, snapshot) = LuaHarness.Run("""
            local threads, mains = 0, 0
            bt.on("thread", function(t) threads = threads + 1 end)
            bt.on("frame", function(f, t) mains = mains + 1 end, { symbol = "main" })
            bt.on("snapshot", function() bt.annotate("comment", "events", threads .. " " .. mains) end)
            """, Sample());

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        Assert.Equal("2 1", Assert.Single(snapshot.Annotations).Text);
    }

    [Fact]
    public void Json_annotation_attribute_fingerprint_and_synthetic_frames_are_applied()
    {
        var (result, snapshot) = LuaHarness.Run("""
            local t = bt.faulting_thread()
            bt.annotate_json("Interpreter", { context = "VM", stack = { "a.py:1", "b.py:2" }, depth = 2, ok = true },
              { thread = t.tid, frame = 1 }, "warning")
            bt.set_attribute("vm.depth", 2)
            bt.set_attribute("vm.name", "pyish")
            bt.set_fingerprint("vm-crash")
            bt.add_frame(t.tid, 1, { symbol = "handler", file = "b.py", line = 2 })
            bt.add_frame(t.tid, 1, { symbol = "caller", file = "a.py", line = 1 })
            """, Sample());

        Assert.Equal(LuaModuleOutcome.Completed, result.Report().Outcome);
        var annotation = Assert.Single(snapshot.Annotations);
        Assert.Equal(AnnotationLevel.Warning, annotation.Level);
        Assert.Equal("""{"context":"VM","stack":["a.py:1","b.py:2"],"depth":2,"ok":true}""".Length, annotation.Json!.Value.GetRawText().Length);
        Assert.Equal("b.py:2", annotation.Json.Value.GetProperty("stack")[1].GetString());
        Assert.Equal(1, annotation.Target!.FrameIndex);
        Assert.Equal(2.0, snapshot.Attributes["vm.depth"].AsNumber);
        Assert.Equal("pyish", snapshot.Attributes["vm.name"].AsString);
        Assert.Equal("vm-crash", snapshot.Fingerprint);
        var frames = snapshot.FaultingThread!.Frames;
        Assert.Equal(["crash_here", "handler", "caller", "main", "__libc_start_call_main"], frames.Select(f => f.Function));
        Assert.Equal(FrameTrust.Synthetic, frames[1].Trust);
        Assert.Equal(2, frames[1].Line);
    }

    [Fact]
    public void Symbols_come_from_the_agent_lookup_and_are_nil_without_it()
    {
        var lookup = new DictionarySymbols(new() { ["interp_state"] = 0x5555_0000_1000 });
        var (withLookup, s1) = LuaHarness.Run("bt.annotate('comment', 's', bt.hex(bt.symbol('interp_state')) .. ' ' .. tostring(bt.symbol('missing')))",
            Sample(), sources: new AnalysisSources { Symbols = lookup });
        var (without, s2) = LuaHarness.Run("bt.annotate('comment', 's', tostring(bt.symbol('interp_state')))", Sample());

        Assert.Equal("0x555500001000 nil", Assert.Single(s1.Annotations).Text);
        Assert.Equal("nil", Assert.Single(s2.Annotations).Text);
        Assert.Equal(LuaModuleOutcome.Completed, withLookup.Report().Outcome);
        Assert.Equal(LuaModuleOutcome.Completed, without.Report().Outcome);
    }

    [Fact]
    public void Classifiers_from_built_in_analysis_are_visible_to_modules()
    {
        var snapshot = Sample();
        var module = LuaModule.FromSource("rules", "if bt.has_classifier('null-dereference') then bt.classify('team-payments') end");
        new SnapshotAnalyzer().Analyze(snapshot, modules: [module]);
        Assert.Contains("team-payments", snapshot.Classifiers);
    }

    [Theory]
    [InlineData("bt.classify('Has Spaces')", "a classifier is 1-64 characters")]
    [InlineData("bt.annotate('loud', 'x', 'y')", "the level is")]
    [InlineData("bt.set_attribute('k', {})", "an attribute value is")]
    [InlineData("bt.frames(999)", "no thread with that tid")]
    [InlineData("local t = {} t.self = t bt.annotate_json('loop', t)", "the JSON body nests deeper than 16")]
    [InlineData("bt.annotate_json('f', { f = print })", "a JSON body may hold strings, numbers, booleans and tables, not a function")]
    [InlineData("bt.add_frame(4242, 99, { symbol = 'x' })", "the frame index must be between 0 and 3")]
    [InlineData("bt.read(0, 1 << 20)", "bt.read length 1048576 exceeds the 65536-byte limit")]
    [InlineData("bt.on('attach', print)", "unknown event 'attach'")]
    public void Bad_arguments_raise_a_precise_error_at_the_callers_line(string call, string message)
    {
        var (result, _) = LuaHarness.Run("\n" + call, Sample());
        Assert.Equal(LuaModuleOutcome.Failed, result.Report().Outcome);
        Assert.Contains("test:2: " + message, result.Report().Error);
    }

    [Fact]
    public void Output_counts_are_bounded()
    {
        var (result, snapshot) = LuaHarness.Run("for i = 1, 100 do bt.annotate('comment', 'n' .. i, 'x') end", Sample(),
            new LuaLimits { MaxAnnotations = 5 });
        Assert.Equal(LuaModuleOutcome.Failed, result.Report().Outcome);
        Assert.Contains("at most 5 annotations", result.Report().Error);
        Assert.Single(snapshot.Annotations); // only the failure note: partial output is discarded
    }

    [Fact]
    public void Print_and_log_lines_are_kept_in_the_report()
    {
        var (result, _) = LuaHarness.Run("print('hello', 42)\nbt.log('done')", Sample());
        Assert.Equal(["hello\t42", "done"], result.Report().Log);
    }
}
