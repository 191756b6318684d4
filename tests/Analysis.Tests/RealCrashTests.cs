using Backtrace.Analysis.Tests.CrashPrograms;
using Backtrace.Analysis.Tests.GdbCapture;

namespace Backtrace.Analysis.Tests;

/// <summary>
/// One real crash per classifier: the program is built in the test run, crashed under gdb (a stand-in for
/// the capture agent, see <see cref="GdbSnapshot"/>), and its snapshot must carry exactly the expected
/// classifiers. When the agent lands, the same table drives live and core captures through it.
/// </summary>
public sealed class RealCrashTests(CrashProgramBuild programs) : IClassFixture<CrashProgramBuild>
{
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

    [Theory]
    [MemberData(nameof(CModes))]
    public void C_crash_carries_exactly_the_expected_classifiers(string mode, string[] expected)
    {
        var snapshot = GdbSnapshot.Capture(programs.C, mode);
        new SnapshotAnalyzer().Analyze(snapshot);
        Assert.True(expected.SequenceEqual(snapshot.Classifiers),
            $"{mode}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", snapshot.Classifiers)}]\n" +
            string.Join("\n", snapshot.Annotations.Select(a => $"{a.Source}: {a.Name}: {a.Text}")));
    }

    [Theory]
    [InlineData("standard", "std::runtime_error", "config file missing")]
    [InlineData("derived", "app::ConfigError", "bad port")]
    public void Uncaught_cxx_exception_names_its_type_and_message(string kind, string type, string message)
    {
        var snapshot = GdbSnapshot.Capture(programs.Cxx, kind);
        new SnapshotAnalyzer().Analyze(snapshot);
        Assert.Equal(["abort", "self-raised", "uncaught-exception"], snapshot.Classifiers);
        var note = Assert.Single(snapshot.Annotations, a => a.Source == "analysis/uncaught-exception");
        Assert.Contains($"of type {type} with what() = \"{message}\"", note.Text);
    }

    [Fact]
    public void Jemalloc_abort_message_is_recovered_from_the_dead_stack_buffer()
    {
        var snapshot = GdbSnapshot.Capture(programs.Jemalloc, ["clean"], ["MALLOC_CONF=abort_conf:true,bogus:1"], []);
        new SnapshotAnalyzer().Analyze(snapshot);
        Assert.Equal(["abort", "self-raised", "jemalloc"], snapshot.Classifiers);
        Assert.Contains("\"<jemalloc>: Abort (abort_conf:true) on invalid conf value (see above).\"",
            Assert.Single(snapshot.Annotations, a => a.Source == "analysis/jemalloc").Text);
    }

    [Fact]
    public void Assertion_annotation_carries_expression_and_location()
    {
        var snapshot = GdbSnapshot.Capture(programs.C, "assert");
        new SnapshotAnalyzer().Analyze(snapshot);
        var note = Assert.Single(snapshot.Annotations, a => a.Source == "analysis/glibc-abort");
        Assert.Contains("Expression: count == 3; at", note.Text);
        Assert.Contains("crash.c:", note.Text);
        Assert.Contains("in check_count.", note.Text);
    }
}
