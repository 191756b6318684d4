using Backtrace.Snapshots.Model;
using static Iced.Intel.AssemblerRegisters;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class StackAndAliasRuleTests
{
    private const ulong Pc = SnapshotBuilder.CodeBase + 0x1200;
    private const ulong ThreadStack = 0x7ffff6e00000;
    private const ulong ThreadStackEnd = ThreadStack + 0x800000;

    private static Annotation Note(Snapshot s, string source) => Assert.Single(s.Annotations, a => a.Source == "analysis/" + source);

    [Fact]
    public void Push_into_the_guard_page_below_a_thread_stack_is_a_stack_overflow_with_the_recursion_collapsed()
    {
        var stackPointer = ThreadStack;
        var builder = new SnapshotBuilder()
            .Mapping(ThreadStack - 0x1000, ThreadStack, "---p")
            .Mapping(ThreadStack, ThreadStackEnd, "rw-p")
            .Signal(11, 2, stackPointer - 8)
            .Registers(("rsp", stackPointer))
            .Code(Pc, a => a.call(0x555555555300UL), function: "recurse");
        builder.Frames([.. Enumerable.Repeat("recurse", 5000), "main"]);
        var s = builder.Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "protection", "write", "stack-overflow"], s.Classifiers);
        var note = Note(s, "stack-overflow");
        Assert.Contains("guard region 0x7ffff6dff000-0x7ffff6e00000 ---p directly below the thread's stack", note.Text);
        Assert.Contains("recurse repeats 5001 times", note.Text);
        Assert.Contains("#0..#5000 recurse x 5001\n#5001 main", note.Text);
    }

    [Fact]
    public void Fault_below_the_main_stack_is_a_stack_overflow()
    {
        var stackPointer = SnapshotBuilder.StackBase + 0x40;
        var s = new SnapshotBuilder().Signal(11, 1, SnapshotBuilder.StackBase - 0x2000).Registers(("rsp", stackPointer), ("rip", Pc)).Build();
        s.Environment = new SnapshotEnvironment { Limits = { ["stack"] = "8388608" } };
        SnapshotBuilder.Analyze(s);

        Assert.Contains("stack-overflow", s.Classifiers);
        Assert.Contains("RLIMIT_STACK 8388608", Note(s, "stack-overflow").Text);
    }

    [Fact]
    public void An_ordinary_wild_access_is_not_a_stack_overflow()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x7f0000001000).Registers(("rbx", 0x7f0000001000)).Code(Pc, a => a.mov(rax, __qword_ptr[rbx])).Build();
        SnapshotBuilder.Analyze(s);
        Assert.DoesNotContain("stack-overflow", s.Classifiers);
    }

    [Fact]
    public void Recursion_cycles_longer_than_one_frame_are_collapsed()
    {
        var frames = new List<SnapshotFrame> { new() { Function = "leaf" } };
        for (var i = 0; i < 100; i++)
        {
            frames.Add(new SnapshotFrame { Function = "even" });
            frames.Add(new SnapshotFrame { Function = "odd" });
        }

        frames.Add(new SnapshotFrame { Function = "main" });
        var cycle = Backtrace.Analysis.Rules.RecursionSummary.Find(frames);
        Assert.Equal(new Backtrace.Analysis.Rules.RecursionSummary.Cycle(1, 2, 100), cycle);
        Assert.Equal("#0 leaf\n#1..#200 [even -> odd] x 100\n#201 main", Backtrace.Analysis.Rules.RecursionSummary.Render(frames, cycle));
    }

    [Fact]
    public void Fault_address_held_by_another_thread_is_a_cross_thread_alias()
    {
        const ulong freed = 0x7f00dead0000;
        var other = 0x7ffff6e00000UL + 0x7ff000;
        var builder = new SnapshotBuilder()
            .Mapping(ThreadStack, ThreadStackEnd, "rw-p")
            .Signal(11, 1, freed + 0x18)
            .Registers(("rbx", freed))
            .Code(Pc, a => a.mov(rax, __qword_ptr[rbx + 0x18]));
        var worker = builder.AddThread(77, ("rsp", other), ("r12", freed));
        worker.Frames.Add(new SnapshotFrame { Pc = SnapshotBuilder.LibcBase + 0x30000, Function = "consume", Sp = other });
        worker.Frames.Add(new SnapshotFrame { Pc = SnapshotBuilder.LibcBase + 0x30100, Function = "worker_main", Sp = other + 0x40 });
        var s = builder.Word(other + 0x28, freed, "stack").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("cross-thread-alias", s.Classifiers);
        var note = Note(s, "aliases");
        Assert.Equal(AnnotationLevel.Warning, note.Level);
        Assert.Contains("rbx: thread 77 (worker-77) register r12", note.Text);
        Assert.Contains("rbx: thread 77 (worker-77) stack 0x7ffff75ff028 in frame #0 (consume) [cfa-0x18]", note.Text);
    }

    [Fact]
    public void Aliases_only_in_the_faulting_thread_are_a_comment_without_classifier()
    {
        const ulong bad = 0x7f00dead0000;
        var s = new SnapshotBuilder().Signal(11, 1, bad).Registers(("rbx", bad), ("r13", bad))
            .Code(Pc, a => a.mov(rax, __qword_ptr[rbx])).Build();
        SnapshotBuilder.Analyze(s);

        Assert.DoesNotContain("cross-thread-alias", s.Classifiers);
        Assert.Contains("register r13", Note(s, "aliases").Text);
    }
}
