using Backtrace.Snapshots.Model;
using static Iced.Intel.AssemblerRegisters;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class FaultDirectionRuleTests
{
    private const ulong Pc = SnapshotBuilder.CodeBase + 0x1200;

    private static Annotation Note(Snapshot s, string source) => Assert.Single(s.Annotations, a => a.Source == "analysis/" + source);

    [Fact]
    public void Null_member_write_is_a_write_and_a_null_dereference()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x10).Registers(("rax", 0x10)).Code(Pc, a => a.mov(__dword_ptr[rax], 0x2a)).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "write", "null-dereference"], s.Classifiers);
        var direction = Note(s, "fault-direction").Text!;
        Assert.Contains("WRITE to 4 bytes at 0x10 by `mov dword ptr [rax], 2Ah` (c7002a000000)", direction);
        Assert.Contains("address formed from rax (0x10)", direction);
        var nullNote = Note(s, "null-dereference");
        Assert.Equal("Null dereference (NULL+0x10)", nullNote.Name);
        Assert.Equal(AnnotationLevel.Critical, nullNote.Level);
    }

    [Fact]
    public void Read_through_a_dangling_pointer_names_the_culprit_register()
    {
        const ulong dangling = 0x7f0000001000;
        var s = new SnapshotBuilder().Signal(11, 1, dangling + 8).Registers(("rbx", dangling)).Code(Pc, a => a.mov(rax, __qword_ptr[rbx + 8])).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "read"], s.Classifiers);
        Assert.Contains("[rbx+0x8] (rbx=0x7f0000001000)", Note(s, "fault-direction").Text);
    }

    [Fact]
    public void Non_canonical_pointer_explains_the_general_protection_fault()
    {
        var s = new SnapshotBuilder().Signal(11, 0x80, 0).Registers(("rdx", 0xdead000000000010)).Code(Pc, a => a.mov(rax, __qword_ptr[rdx])).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "general-protection", "non-canonical", "read"], s.Classifiers);
        Assert.Contains("non-canonical address 0xdead000000000010", Note(s, "fault-direction").Text);
        Assert.DoesNotContain("null-dereference", s.Classifiers);
    }

    [Fact]
    public void Misaligned_movaps_operand_is_an_alignment_fault()
    {
        var stackPointer = SnapshotBuilder.StackTop - 0x1000;
        var s = new SnapshotBuilder().Signal(11, 0x80, 0).Registers(("rsp", stackPointer)).Code(Pc, a => a.movaps(xmm0, __xmmword_ptr[rsp + 8])).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "general-protection", "alignment"], s.Classifiers);
        Assert.Contains("requires a 16-byte aligned operand", Note(s, "fault-direction").Text);
    }

    [Fact]
    public void Wild_jump_recovers_the_call_through_a_bad_function_pointer()
    {
        const ulong wild = 0x4141414141;
        var rsp = SnapshotBuilder.StackTop - 0x1000;
        var callSite = SnapshotBuilder.CodeBase + 0x1300;
        var builder = new SnapshotBuilder().Signal(11, 1, wild).Registers(("rsp", rsp), ("rax", wild))
            .Code(callSite, a => a.call(rax), function: "dispatch");
        builder.Registers(("rip", wild));
        builder.Faulting.Frames.Clear();
        var s = builder.Word(rsp, callSite + 2).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "execute", "wild-jump"], s.Classifiers);
        var text = Note(s, "fault-direction").Text!;
        Assert.Contains("Execution jumped to 0x4141414141, an unmapped address", text);
        Assert.Contains("by `call rax`: a call through a bad function pointer", text);
    }

    [Fact]
    public void Return_to_a_smashed_return_address_is_recognised()
    {
        const ulong wild = 0x4242424242;
        var rsp = SnapshotBuilder.StackTop - 0x1000;
        var s = new SnapshotBuilder().Signal(11, 1, wild).Registers(("rsp", rsp), ("rip", wild))
            .Capture(rsp - 8, [.. BitConverter.GetBytes(wild), .. BitConverter.GetBytes(0x4343434343434343UL)], "stack").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("popped from the stack", Note(s, "fault-direction").Text);
    }

    [Fact]
    public void Call_through_a_null_function_pointer()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0).Registers(("rip", 0)).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "execute", "wild-jump", "null-dereference"], s.Classifiers);
        Assert.Contains("NULL function pointer", Note(s, "null-dereference").Text);
    }

    [Fact]
    public void Missing_code_bytes_leave_the_direction_unknown()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x7f0000000000).Registers(("rip", Pc)).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped"], s.Classifiers);
        Assert.Contains("code bytes were not captured", Note(s, "fault-direction").Text);
    }

    [Fact]
    public void Null_array_indexed_past_the_null_page_is_still_a_null_dereference()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x400000).Registers(("rax", 0), ("rcx", 0x100000))
            .Code(Pc, a => a.mov(edx, __dword_ptr[rax + rcx * 4])).Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("null-dereference", s.Classifiers);
        Assert.Contains("array access on a NULL base rax=0x0", Note(s, "null-dereference").Text);
    }
}
