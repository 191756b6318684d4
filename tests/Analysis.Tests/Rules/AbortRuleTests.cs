using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class AbortRuleTests
{
    private static Annotation Note(Snapshot s, string source) => Assert.Single(s.Annotations, a => a.Source == "analysis/" + source);

    private static SnapshotBuilder Aborted() =>
        new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid)
            .Frames("__pthread_kill_implementation", "raise", "abort", "__libc_message", "malloc_printerr", "_int_free", "main");

    [Fact]
    public void Double_free_message_from_abort_msg()
    {
        var s = Aborted().AbortMessage("free(): double free detected in tcache 2\n").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["abort", "self-raised", "double-free", "heap-corruption"], s.Classifiers);
        var note = Note(s, "glibc-abort");
        Assert.Equal("Double free", note.Name);
        Assert.Contains("\"free(): double free detected in tcache 2\"", note.Text);
    }

    [Theory]
    [InlineData("free(): invalid pointer", "invalid-free")]
    [InlineData("munmap_chunk(): invalid pointer", "invalid-free")]
    [InlineData("malloc(): corrupted top size", "heap-corruption")]
    [InlineData("corrupted size vs. prev_size", "heap-corruption")]
    [InlineData("*** buffer overflow detected ***: terminated", "fortify-failure")]
    [InlineData("*** stack smashing detected ***: terminated", "stack-smashing")]
    public void Glibc_messages_map_to_classifiers(string message, string classifier)
    {
        var s = Aborted().AbortMessage(message + "\n").Build();
        SnapshotBuilder.Analyze(s);
        Assert.Contains(classifier, s.Classifiers);
    }

    [Fact]
    public void Assertion_message_is_split_into_expression_location_and_function()
    {
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Frames("raise", "abort", "__assert_fail_base", "__assert_fail", "check", "main")
            .AbortMessage("crash: crash.c:42: check: Assertion `count == 3' failed.\n").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("assertion", s.Classifiers);
        Assert.Contains("Expression: count == 3; at crash.c:42 in check.", Note(s, "glibc-abort").Text);
    }

    [Fact]
    public void Stack_protector_frame_without_a_message()
    {
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Frames("raise", "abort", "__libc_message", "__fortify_fail", "__stack_chk_fail", "parse", "main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Contains("stack-smashing", s.Classifiers);
        Assert.Contains("The message (__abort_msg) was not captured.", Note(s, "glibc-abort").Text);
    }

    [Fact]
    public void Abort_message_is_read_through_the_agents_symbols_and_memory_and_kept_as_evidence()
    {
        const ulong symbol = SnapshotBuilder.LibcBase + 0x1d1000;
        const ulong text = 0x7ffff7fb0000;
        var memory = new byte[0x2000];
        BitConverter.GetBytes(text).CopyTo(memory, 0);
        BitConverter.GetBytes(64u).CopyTo(memory, 0x1000);
        "corrupted double-linked list\n\0"u8.ToArray().CopyTo(memory, 0x1004);
        var reader = new PagedMemoryReader(new() { [symbol] = memory[..8], [text] = memory[0x1000..] });
        var s = Aborted().Build();
        var sources = new AnalysisSources { Memory = reader, Symbols = new DictionarySymbols(new() { ["__abort_msg"] = symbol }) };
        SnapshotBuilder.Analyze(s, sources);

        Assert.Contains("heap-corruption", s.Classifiers);
        Assert.Contains(s.Memory, r => r.Label == "global:__abort_msg" && r.Address == symbol);
        Assert.Contains(s.Memory, r => r.Label == "deref:__abort_msg" && r.Address == text);

        // The server, with the snapshot alone, reaches the same verdict from the evidence.
        var again = Backtrace.Snapshots.Json.SnapshotJson.Deserialize(Backtrace.Snapshots.Json.SnapshotJson.Serialize(s));
        again.Classifiers.Clear();
        again.Annotations.Clear();
        SnapshotBuilder.Analyze(again);
        Assert.Contains("heap-corruption", again.Classifiers);
    }

    [Fact]
    public void Jemalloc_message_is_read_from_the_stack_buffer()
    {
        var rsp = SnapshotBuilder.StackTop - 0x1000;
        var stack = new byte[0x200];
        "<jemalloc>: size mismatch detected (true size 32 vs input size 16)\0"u8.ToArray().CopyTo(stack, 0x80);
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Registers(("rsp", rsp))
            .Module("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", 0x7ffff7a00000, 0x100000)
            .Capture(rsp, stack, "stack").Frames("raise", "abort", "safety_check_fail", "main").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["abort", "self-raised", "jemalloc", "heap-corruption"], s.Classifiers);
        Assert.Contains("size mismatch detected (true size 32 vs input size 16)", Note(s, "jemalloc").Text);
    }

    [Fact]
    public void Jemalloc_message_below_the_stack_pointer_is_read_through_the_agent_and_kept_as_evidence()
    {
        var rsp = SnapshotBuilder.StackTop - 0x1000;
        var below = new byte[0x4000];
        "<jemalloc>: Abort (abort_conf:true) on invalid conf value (see above).\n\0"u8.ToArray().CopyTo(below, 0x1000);
        var reader = new ArrayMemoryReader(rsp - 0x4000, below);
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Registers(("rsp", rsp))
            .Module("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", 0x7ffff7a00000, 0x100000).Frames("raise", "abort").Build();
        SnapshotBuilder.Analyze(s, new AnalysisSources { Memory = reader });

        Assert.Equal(["abort", "self-raised", "jemalloc"], s.Classifiers);
        var evidence = Assert.Single(s.Memory, r => r.Label == "analysis:jemalloc-message");
        Assert.Equal(rsp - 0x3000, evidence.Address);
        Assert.StartsWith("<jemalloc>: Abort", System.Text.Encoding.ASCII.GetString(evidence.Bytes));
    }
}
