using Backtrace.Snapshots.Model;
using static Iced.Intel.AssemblerRegisters;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class ConstraintRuleTests
{
    private const ulong LibcCode = SnapshotBuilder.LibcBase + 0x40000;
    private const ulong Heap = SnapshotBuilder.HeapBase + 0x100;

    private static Annotation Note(Snapshot s, string source) => Assert.Single(s.Annotations, a => a.Source == "analysis/" + source);

    [Fact]
    public void Memmove_reading_past_the_source_with_a_negative_length()
    {
        const ulong length = 0xfffffffffffffff0;
        const ulong source = SnapshotBuilder.HeapBase + 0x10;
        var fault = unchecked(source + length - 32); // wraps to just below the heap: unmapped
        var s = new SnapshotBuilder().Signal(11, 1, fault).Registers(("rdi", Heap + 0x1000), ("rsi", source), ("rdx", length))
            .Code(LibcCode + 0x282, a => a.vmovdqu(ymm0, __ymmword_ptr[rsi + rdx - 32]), function: "__memmove_avx_unaligned_erms").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "read", "invalid-source", "bad-length"], s.Classifiers);
        var text = Note(s, "copy-constraints").Text!;
        Assert.Contains("__memmove_avx_unaligned_erms(dst=0x555555561100, src=0x555555560010, len=0xfffffffffffffff0)", text);
        Assert.Contains("(-16 as a signed value", text);
    }

    [Fact]
    public void Memcpy_into_read_only_memory_with_overlapping_ranges()
    {
        var readOnly = SnapshotBuilder.CodeBase + 0x3010;
        var s = new SnapshotBuilder().Signal(11, 2, readOnly).Registers(("rdi", readOnly), ("rsi", readOnly - 8), ("rdx", 64), ("rcx", 0x4141))
            .Code(LibcCode + 0x40, a => a.mov(__qword_ptr[rdi], rcx), function: "__memmove_avx_unaligned").Frames("__memcpy_chk", "main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "protection", "write", "read-only-destination", "copy-overlap"], s.Classifiers);
        Assert.Contains("which memcpy does not allow", Note(s, "copy-constraints").Text);
    }

    [Theory]
    [InlineData("__memcpy_avx_unaligned_erms")]
    [InlineData("__memmove_avx_unaligned_erms")]
    public void Overlap_in_the_shared_memcpy_memmove_implementation_is_noted_but_not_classified(string symbol)
    {
        var readOnly = SnapshotBuilder.CodeBase + 0x3010;
        var s = new SnapshotBuilder().Signal(11, 2, readOnly).Registers(("rdi", readOnly), ("rsi", readOnly - 8), ("rdx", 64), ("rcx", 0x4141))
            .Code(LibcCode + 0x40, a => a.mov(__qword_ptr[rdi], rcx), function: symbol).Frames("copy_things", "main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.DoesNotContain("copy-overlap", s.Classifiers);
        Assert.Contains("undefined behaviour if the call was memcpy", Note(s, "copy-constraints").Text);
    }

    [Fact]
    public void Rep_stos_memset_judges_only_the_faulting_operand()
    {
        const ulong unmapped = 0x7f0000000000;
        var s = new SnapshotBuilder().Signal(11, 1, unmapped).Registers(("rdi", unmapped), ("rcx", 0x1000), ("rdx", 0x2000), ("rax", 0))
            .Code(LibcCode + 0x80, a => a.rep.stosb(), function: "__memset_avx2_unaligned_erms").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["segv", "unmapped", "write", "invalid-destination"], s.Classifiers);
        Assert.Contains("the argument registers had already advanced", Note(s, "copy-constraints").Text);
    }

    [Fact]
    public void Crash_in_a_user_function_is_not_judged_as_a_copy()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x7f0000000000).Registers(("rdi", 0x7f0000000000))
            .Code(LibcCode, a => a.mov(__qword_ptr[rdi], rcx), function: "memcpy_s").Build();
        SnapshotBuilder.Analyze(s);
        Assert.DoesNotContain(s.Annotations, a => a.Source == "analysis/copy-constraints");
    }

    [Fact]
    public void Free_of_an_unmapped_pointer_is_an_invalid_free()
    {
        const ulong pointer = 0x100000000;
        var s = new SnapshotBuilder().Signal(11, 1, pointer - 8).Registers(("rdi", pointer))
            .Code(LibcCode + 0x100, a => a.mov(rax, __qword_ptr[rdi - 8]), function: "__libc_free").Frames("main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("invalid-free", s.Classifiers);
        Assert.DoesNotContain("heap-corruption-victim", s.Classifiers);
        Assert.Contains("__libc_free was given the pointer 0x100000000, which the heap does not own: it is not mapped at all", Note(s, "free-constraints").Text);
    }

    [Fact]
    public void Segv_inside_malloc_internals_marks_the_allocator_as_the_victim()
    {
        var s = new SnapshotBuilder().Signal(11, 1, 0x4141414141414141 & 0x7fffffffffff).Registers(("rax", 0x414141414141))
            .Code(LibcCode + 0x200, a => a.mov(rdx, __qword_ptr[rax + 8]), function: "_int_malloc").Frames("__libc_malloc", "make_node", "main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("heap-corruption-victim", s.Classifiers);
        Assert.Contains("heap-corruption", s.Classifiers);
        Assert.Contains("via __libc_malloc called from make_node", Note(s, "allocator-victim").Text);
    }
}
