using Backtrace.Snapshots.Model;
using static Iced.Intel.AssemblerRegisters;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class SignalRuleTests
{
    private const ulong Pc = SnapshotBuilder.CodeBase + 0x1200;

    private static Annotation SignalNote(Snapshot s) => Assert.Single(s.Annotations, a => a.Source == "analysis/signal");

    [Theory]
    [InlineData(1, "unmapped", "SEGV_MAPERR")]
    [InlineData(2, "protection", "SEGV_ACCERR")]
    [InlineData(0x80, "general-protection", "#GP")]
    public void Segv_codes_are_named(int code, string classifier, string text)
    {
        var s = new SnapshotBuilder().Signal(11, code, 0x7f0000000000).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["segv", classifier], s.Classifiers);
        Assert.Contains(text, SignalNote(s).Text);
    }

    [Theory]
    [InlineData(1, "misaligned")]
    [InlineData(2, "nonexistent-address")]
    [InlineData(4, "hardware-memory-error")]
    public void Bus_codes_are_named(int code, string classifier)
    {
        var s = new SnapshotBuilder().Signal(7, code, 0x7f0000000000).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["bus", classifier], s.Classifiers);
    }

    [Fact]
    public void Ud2_is_a_trap_instruction()
    {
        var s = new SnapshotBuilder().Signal(4, 2, Pc).Code(Pc, a => a.ud2()).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["ill", "trap-instruction"], s.Classifiers);
        Assert.Contains("`ud2`", SignalNote(s).Text);
    }

    [Fact]
    public void Undecodable_bytes_are_an_illegal_instruction()
    {
        var s = new SnapshotBuilder().Signal(4, 1, Pc).Capture(Pc, [0x06, 0x06], "register").Registers(("rip", Pc)).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["ill", "illegal-instruction"], s.Classifiers);
    }

    [Fact]
    public void Integer_division_by_zero_names_the_divisor()
    {
        var s = new SnapshotBuilder().Signal(8, 1, Pc).Registers(("rcx", 0)).Code(Pc, a => a.idiv(ecx)).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["fpe", "divide-by-zero"], s.Classifiers);
        Assert.Contains("idiv ecx", SignalNote(s).Text);
    }

    [Fact]
    public void Int_min_divided_by_minus_one_is_an_overflow()
    {
        var s = new SnapshotBuilder().Signal(8, 1, Pc).Registers(("rcx", 0xffffffff), ("rax", 0x80000000)).Code(Pc, a => a.idiv(ecx)).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["fpe", "integer-overflow"], s.Classifiers);
    }

    [Fact]
    public void Breakpoint_trap()
    {
        var s = new SnapshotBuilder().Signal(5, 1).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["trap", "breakpoint"], s.Classifiers);
    }

    [Fact]
    public void Abort_raised_by_the_process_itself()
    {
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["abort", "self-raised"], s.Classifiers);
        Assert.Contains("raised by the process itself", SignalNote(s).Text);
    }

    [Fact]
    public void Abort_sent_by_another_process_names_the_sender()
    {
        var s = new SnapshotBuilder().Signal(6, 0, senderPid: 777).Build();
        s.Fault!.SenderUid = 1000;
        s.Attributes["fault.sender_name"] = "watchdog";
        SnapshotBuilder.Analyze(s);
        Assert.Equal(["abort", "external-signal"], s.Classifiers);
        Assert.Contains("pid 777 (watchdog), uid 1000", SignalNote(s).Text);
    }

    [Theory]
    [InlineData(3, "quit")]
    [InlineData(31, "sys")]
    [InlineData(99, "signal-99")]
    public void Other_signals_are_spelled_like_the_servers_signal_classifier(int signal, string classifier)
    {
        var s = new SnapshotBuilder().Signal(signal, 0x80).Build();
        SnapshotBuilder.Analyze(s);
        Assert.Equal([classifier], s.Classifiers);
    }

    [Fact]
    public void Snapshot_without_a_fault_gets_no_classifier_and_no_annotation()
    {
        var s = new SnapshotBuilder().Build();
        var result = SnapshotBuilder.Analyze(s);
        Assert.Empty(s.Classifiers);
        Assert.Empty(s.Annotations);
        Assert.Equal(1.0, s.Attributes["analysis.version"].AsNumber);
        Assert.True(result.BuiltInRan);
    }

    [Fact]
    public void Server_mode_skips_built_in_rules_for_snapshots_the_agent_analysed()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x10).Build();
        s.Attributes["analysis.version"] = 1.0;
        var result = new SnapshotAnalyzer(new AnalysisOptions { BuiltIn = BuiltInAnalysis.IfNotAnalyzed }).Analyze(s);
        Assert.False(result.BuiltInRan);
        Assert.Empty(s.Classifiers);
    }
}
