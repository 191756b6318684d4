using Backtrace.Analysis.Lua;
using Backtrace.Analysis.Server;
using Backtrace.Snapshots.Json;

namespace Backtrace.Analysis.Tests;

/// <summary>
/// What the server keeps of analysis at ingest: the findings alone, which applied to the body as submitted give
/// back exactly the snapshot the analysis produced; and the compile check that refuses a broken rule when saved.
/// </summary>
public sealed class ServerAnalysisTests
{
    [Fact]
    public void Findings_StoredAsJson_AndAppliedToTheSubmittedBody_GiveTheAnalysedSnapshot()
    {
        var submitted = SnapshotJson.Serialize(new SnapshotBuilder().Signal(11, 1, 0x10).Registers(("rax", 0), ("rip", SnapshotBuilder.CodeBase + 0x1100))
            .Frames("crash_here", "main").Build());
        var analysed = SnapshotJson.Deserialize(submitted);
        var tid = analysed.Threads[0].Tid;
        var result = new SnapshotAnalyzer().Analyze(analysed, modules:
        [
            LuaModule.FromSource("rule", $$"""
                bt.classify("from-rule")
                bt.set_attribute("rule.ran", true)
                bt.add_frame({{tid}}, 1, { symbol = "script_frame", file = "x.script", line = 3 })
                bt.annotate_json("Details", { a = 1, b = { "x", "y" } }, { thread = {{tid}}, frame = 0 })
                bt.set_fingerprint("chosen-by-rule")
                """),
        ]);

        var stored = ServerAnalysisJson.Serialize(ServerAnalysis.From(result.Findings));
        var merged = SnapshotJson.Deserialize(submitted);
        ServerAnalysisJson.Deserialize(stored).ApplyTo(merged);

        Assert.Equal(SnapshotJson.Serialize(analysed), SnapshotJson.Serialize(merged));
        Assert.Contains("from-rule", merged.Classifiers);
        Assert.Equal("chosen-by-rule", merged.Fingerprint);
        Assert.Equal("script_frame", merged.Threads[0].Frames[1].Function);
    }

    [Fact]
    public void NothingFound_IsEmpty()
    {
        Assert.True(ServerAnalysis.From(new AnalysisFindings()).IsEmpty);
        Assert.True(ServerAnalysisJson.Deserialize("{}"u8).IsEmpty);
    }

    [Theory]
    [InlineData("bt.classify('ok')", null, null)]
    [InlineData("local a = 1\nlocal b = = 2", 2, "unexpected symbol near '='")]
    [InlineData("x = \"unfinished\n", 1, "unfinished string near '\"unfinished'")]
    [InlineData("for i = 1, 3 do\n", 2, "'end' expected (to close 'for' at line 1) near <eof>")]
    [InlineData("goto nowhere", 1, "no visible label 'nowhere' for <goto> at line 1")]
    public void LuaSyntax_ReportsTheCompilersMessageAndLine(string source, int? line, string? message)
    {
        var error = LuaSyntax.Check(LuaModule.FromSource("rule", source));
        Assert.Equal(message, error?.Message);
        Assert.Equal(line, error?.Line);
    }

    [Fact]
    public void LuaSyntax_RefusesBytecode_AndNeverRunsTheSource()
    {
        var bytecode = LuaSyntax.Check(LuaModule.FromSource("rule", "\u001bLua\u0054\u0000junk"));
        Assert.Equal(new LuaSyntaxError(null, "attempt to load a binary chunk (mode is 't')"), bytecode);

        // A runaway or a memory bomb compiles in no time: checking does not run it.
        Assert.Null(LuaSyntax.Check(LuaModule.FromSource("rule", "while true do end local s = string.rep('x', 1 << 40)")));
    }

    [Fact]
    public void LuaSyntax_BoundsTheCompilersMemory()
    {
        // 200,000 nested table constructors exceed the parser's own C-stack limit long before memory.
        var deep = LuaSyntax.Check(LuaModule.FromSource("rule", "x = " + new string('{', 200_000) + new string('}', 200_000)));
        Assert.NotNull(deep);
        Assert.Contains("overflow", deep.Message, StringComparison.Ordinal);
    }
}
