using System.Text;
using Backtrace.Analysis.Rules;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Tests.Rules;

public sealed class UncaughtExceptionRuleTests
{
    private const ulong Object = SnapshotBuilder.HeapBase + 0x200;
    private const ulong TypeInfos = SnapshotBuilder.CodeBase + 0x3000;

    /// <summary>Lays out a libstdc++ exception as __cxa_throw leaves it: header, object, type_info chain, what() text.</summary>
    private static SnapshotBuilder Thrown(string mangled, string? baseMangled, string message)
    {
        var heap = new byte[0x400];
        BitConverter.GetBytes(TypeInfos).CopyTo(heap, 0x200 - 112);                          // exceptionType
        BitConverter.GetBytes(0x474e5543432b2b00UL).CopyTo(heap, 0x200 - 32);                // "GNUCC++\0"
        BitConverter.GetBytes(SnapshotBuilder.CodeBase + 0x3ff0).CopyTo(heap, 0x200);       // vtable
        BitConverter.GetBytes(SnapshotBuilder.HeapBase + 0x300).CopyTo(heap, 0x208);        // __cow_string
        Encoding.ASCII.GetBytes(message + "\0").CopyTo(heap, 0x300);

        var rodata = new byte[0x400];
        BitConverter.GetBytes(TypeInfos + 0x100).CopyTo(rodata, 8);                          // name of the thrown type
        BitConverter.GetBytes(TypeInfos + 0x40).CopyTo(rodata, 16);                          // its base (si_class_type_info)
        BitConverter.GetBytes(TypeInfos + 0x180).CopyTo(rodata, 0x48);                       // base's name
        Encoding.ASCII.GetBytes(mangled + "\0").CopyTo(rodata, 0x100);
        Encoding.ASCII.GetBytes((baseMangled ?? "") + "\0").CopyTo(rodata, 0x180);

        var builder = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid)
            .Capture(SnapshotBuilder.HeapBase, heap, "register")
            .Capture(TypeInfos, rodata, "register")
            .Frames("__pthread_kill_implementation", "raise", "abort", "__gnu_cxx::__verbose_terminate_handler()",
                "__cxxabiv1::__terminate(void (*)())", "std::terminate()", "__cxa_throw", "load_config", "main");
        builder.Faulting.Frames[6].Registers = new() { ["rbx"] = Object - 32, ["rbp"] = 1 };
        return builder;
    }

    [Fact]
    public void Standard_exception_type_and_message_are_read()
    {
        var s = Thrown("St13runtime_error", null, "config file missing").Build();
        SnapshotBuilder.Analyze(s);

        Assert.Equal(["abort", "self-raised", "uncaught-exception"], s.Classifiers);
        var note = Assert.Single(s.Annotations, a => a.Source == "analysis/uncaught-exception");
        Assert.Contains("of type std::runtime_error with what() = \"config file missing\" was thrown from load_config", note.Text);
        Assert.Equal("std::runtime_error", s.Attributes["exception.type"].AsString);
    }

    [Fact]
    public void Derived_exception_reads_the_message_through_its_base()
    {
        var s = Thrown("N3app11ConfigErrorE", "St13runtime_error", "bad port").Build();
        SnapshotBuilder.Analyze(s);
        Assert.Contains("of type app::ConfigError with what() = \"bad port\"", Assert.Single(s.Annotations, a => a.Source == "analysis/uncaught-exception").Text);
    }

    [Fact]
    public void Terminate_without_a_throw_is_only_a_warning()
    {
        var s = new SnapshotBuilder().Signal(6, -6, senderPid: SnapshotBuilder.Pid).Frames("raise", "abort", "std::terminate()", "__cxa_pure_virtual", "main").Build();
        SnapshotBuilder.Analyze(s);
        Assert.DoesNotContain("uncaught-exception", s.Classifiers);
        Assert.Equal(AnnotationLevel.Warning, Assert.Single(s.Annotations, a => a.Source == "analysis/uncaught-exception").Level);
    }

    [Theory]
    [InlineData("St13runtime_error", "std::runtime_error")]
    [InlineData("N3app6detail5ErrorE", "app::detail::Error")]
    [InlineData("NSt8ios_base7failureE", "std::ios_base::failure")]
    [InlineData("PKc", "const char*")]
    [InlineData("i", "int")]
    [InlineData("St12basic_stringIcE", "St12basic_stringIcE")]
    public void Rtti_names_are_demangled_or_kept(string mangled, string expected) =>
        Assert.Equal(expected, ItaniumTypeName.Demangle(mangled));
}
