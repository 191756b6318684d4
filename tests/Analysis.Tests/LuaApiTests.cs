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
