using Backtrace.Snapshots.Model;
using static Backtrace.Deduplication.Tests.Stacks;

namespace Backtrace.Deduplication.Tests;

/// <summary>Equivalent stacks get one fingerprint; different bugs get different ones.</summary>
public class FingerprintStabilityTests
{
    [Fact]
    public void SameStack_DifferentAddressesAndOffsets_SameFingerprint()
    {
        var first = Fingerprint(Crash("parse_header", "read_request", "serve", "main"));
        var second = Fingerprint(Crash("parse_header + 0x10", "read_request+0x99", "serve", "main"));
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(FingerprintBasis.Frames, first.Basis);
        Assert.Equal(["parse_header", "read_request", "serve", "main"], first.Signature);
    }

    [Fact]
    public void CompilerClones_AreTheSameFunction() =>
        Assert.Equal(
            Of("parse_header(char const*) [clone .isra.0]", "read_request.constprop.0", "serve.cold", "main"),
            Of("parse_header(char const*)", "read_request", "serve", "main"));

    [Fact]
    public void CxxDecorations_ParametersTemplatesAbiTags_AreIgnored() =>
        Assert.Equal(
            Of("ns::Cache<int>::insert(int const&)", "std::vector<int> ns::load[abi:cxx11](std::string const&)"),
            Of("ns::Cache<long>::insert(long const&) const", "ns::load()"));

    [Fact]
    public void AbortPlumbing_DifferentLibcVersions_SameFingerprint()
    {
        // glibc 2.36 aborts through __pthread_kill_implementation; older glibc through raise directly.
        var glibc236 = Of("__pthread_kill_implementation", "__pthread_kill_internal", "__GI_raise", "__GI_abort",
            "__assert_fail_base.cold", "__assert_fail", "check_invariants", "update", "main");
        var glibc231 = Of("raise", "abort", "__assert_fail_base", "__assert_fail", "check_invariants", "update", "main");
        Assert.Equal(glibc236, glibc231);
        Assert.Equal(Of("check_invariants", "update", "main"), glibc236);
    }

    [Fact]
    public void HeapCorruptionReport_LibcMessagePlumbingAndAliases_AreDropped() =>
        Assert.Equal(
            Of("__pthread_kill_implementation", "raise", "abort", "__libc_message", "malloc_printerr", "_int_free", "__GI___libc_free", "release", "main"),
            Of("raise", "abort", "__libc_message_impl", "malloc_printerr", "_int_free", "free", "release", "main"));

    [Fact]
    public void CpuDispatchedLibcVariants_AreOneFunction() =>
        Assert.Equal(Of("__memmove_avx_unaligned_erms", "copy_block"), Of("__memmove_sse2_unaligned", "copy_block"));

    [Fact]
    public void SignalHandlerFrames_DifferentTrampolines_SameFingerprint()
    {
        // A program's own crash handler ran on the faulting thread: the handler frames and the trampoline
        // (glibc's __restore_rt, or the vDSO's __kernel_rt_sigreturn) precede the faulting function.
        var glibc = Of("abort", "on_crash", "my_signal_handler", "__restore_rt", "parse_header", "serve", "main");
        var vdso = Of("my_signal_handler", "__kernel_rt_sigreturn", "parse_header", "serve", "main");
        var bare = Of("parse_header", "serve", "main");
        Assert.Equal(bare, glibc);
        Assert.Equal(bare, vdso);
    }

    [Fact]
    public void DirectRecursion_DepthDoesNotMatter() =>
        Assert.Equal(
            Of("walk", "walk", "walk", "walk", "visit", "main"),
            Of("walk", "walk", "visit", "main"));

    [Fact]
    public void OnlyTopFramesCount_DifferentOuterCallers_SameFingerprint() =>
        Assert.Equal(
            Of("f1", "f2", "f3", "f4", "f5", "caller_a", "main"),
            Of("f1", "f2", "f3", "f4", "f5", "caller_b", "thread_start"));

    [Fact]
    public void DifferentFaultingFunction_DifferentFingerprint() =>
        Assert.NotEqual(Of("parse_header", "serve", "main"), Of("parse_body", "serve", "main"));

    [Fact]
    public void SameFunctionDifferentCaller_DifferentFingerprint() =>
        Assert.NotEqual(Of("parse_header", "serve", "main"), Of("parse_header", "replay", "main"));

    [Fact]
    public void DifferentNamespaces_DifferentFingerprint() =>
        Assert.NotEqual(Of("a::Cache::insert(int)"), Of("b::Cache::insert(int)"));

    [Fact]
    public void DifferentLambdas_DifferentFingerprint() =>
        Assert.NotEqual(Of("run()::{lambda(int)#1}::operator()(int) const"), Of("run()::{lambda(int)#2}::operator()(int) const"));

    [Fact]
    public void NoSymbols_FallsBackToModuleAndOffset()
    {
        var first = Fingerprint(Crash(Frame(null, "/opt/app/libengine.so.2", 0x1a2b), Frame(null, "/opt/app/bin/app", 0x4000)));
        var again = Fingerprint(Crash(Frame(null, "/other/prefix/libengine.so.2", 0x1a2b), Frame("", "/opt/app/bin/app", 0x4000)));
        var other = Fingerprint(Crash(Frame(null, "/opt/app/libengine.so.2", 0x1a2c), Frame(null, "/opt/app/bin/app", 0x4000)));
        Assert.Equal(["libengine.so.2+0x1a2b", "app+0x4000"], first.Signature);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void NoSymbolNoModuleOffset_OffsetComesFromTheModuleList()
    {
        var snapshot = Crash(new SnapshotFrame { Pc = 0x7f00_0000_1a2b, Module = "/lib/libz.so.1" });
        snapshot.Modules.Add(new SnapshotModule { Path = "/lib/libz.so.1", Base = 0x7f00_0000_0000, Size = 0x10000 });
        Assert.Equal(["libz.so.1+0x1a2b"], Fingerprint(snapshot).Signature);
    }

    [Fact]
    public void FramesWithNeitherSymbolNorModule_AreSkipped() =>
        Assert.Equal(["serve"], Fingerprint(Crash(new SnapshotFrame { Pc = 0x1234 }, Frame("serve"))).Signature);

    [Fact]
    public void OnlyPlumbing_FallsBackToUnfilteredTopFrames()
    {
        var result = Fingerprint(Crash("raise", "abort"));
        Assert.Equal(FingerprintBasis.UnfilteredFrames, result.Basis);
        Assert.Equal(["raise", "abort"], result.Signature);
    }

    [Fact]
    public void NoFrames_ErrorTypeAndNormalizedMessage()
    {
        Snapshot Report(string type, string message) => new()
        {
            Uuid = Guid.NewGuid(),
            Error = new SnapshotError { Type = type, Message = message },
        };

        var first = Fingerprint(Report("TypeError", "index 17 out of range at 0x7ffd0010"));
        var second = Fingerprint(Report("TypeError", "index 4 out of range at 0x7ffd0400"));
        var otherType = Fingerprint(Report("RangeError", "index 4 out of range at 0x7ffd0400"));
        Assert.Equal(FingerprintBasis.Error, first.Basis);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.NotEqual(first.Fingerprint, otherType.Fingerprint);
    }

    [Fact]
    public void NothingToGoOn_SignalAndApplication()
    {
        var segv = Fingerprint(new Snapshot { Application = "demo", Fault = new SnapshotFault { Signal = 11, SignalName = "SIGSEGV" } });
        var abrt = Fingerprint(new Snapshot { Application = "demo", Fault = new SnapshotFault { Signal = 6, SignalName = "SIGABRT" } });
        Assert.Equal(FingerprintBasis.Signal, segv.Basis);
        Assert.NotEqual(segv.Fingerprint, abrt.Fingerprint);
    }

    [Fact]
    public void NoThreadMarkedFaulted_FirstThreadWithFramesIsUsed()
    {
        var snapshot = new Snapshot { Threads = [new SnapshotThread { Tid = 1 }, new SnapshotThread { Tid = 2, Frames = [Frame("work")] }] };
        Assert.Equal(["work"], Fingerprint(snapshot).Signature);
    }

    [Fact]
    public void FaultingThreadNamedByTheFault_IsUsed()
    {
        var snapshot = Crash("parse_header");
        snapshot.Threads.ForEach(t => t.Faulted = false);
        Assert.Equal(["parse_header"], Fingerprint(snapshot).Signature);
    }
}
