using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Peripheral;
using Backtrace.Hydra.Sources;
using Backtrace.Hydra.Tests.Support;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Tests.Inspection;

public sealed class PeripheralPagesTests : IDisposable
{
    private readonly TempDirectory _sources = new();
    private readonly Snapshot _snapshot = TestSnapshots.Crash();

    public void Dispose() => _sources.Dispose();

    private PeripheralPage Page(PeripheralKind kind, int frame = 0, long tid = TestSnapshots.FaultingTid, SourceMap? map = null) =>
        PeripheralPages.Build(kind, new PeripheralContext(_snapshot, new AddressBook(_snapshot), new SourceFiles(map ?? SourceMap.Empty),
            new Position(_snapshot.Threads.Single(t => t.Tid == tid), frame)));

    [Fact]
    public void Disassembly_InnermostFrame_DecodesTheCapturedBytesAndMarksThePc()
    {
        var page = Page(PeripheralKind.Disassembly);

        Assert.Equal("Disassembly crash+0x6", page.Title);
        Assert.Equal(
        [
            " 401130 push    rbp",
            " 401131 mov     rbp,rsp",
            " 401134 xor     eax,eax",
            ">401136 mov     dword ptr [rax],2Ah",
            " 40113c pop     rbp",
            " 40113d ret",
        ], page.Lines.Select(l => l.Text));
        Assert.Equal(3, page.Focus);
        Assert.Equal(LineKind.Current, page.Lines[3].Kind);
    }

    [Fact]
    public void Disassembly_CallerFrame_MarksTheCallBeforeTheReturnAddress()
    {
        var page = Page(PeripheralKind.Disassembly, frame: 1);

        Assert.Equal(">4011fb call    crash", page.Lines[page.Focus].Text);
        Assert.Equal(" 401200 xor     eax,eax", page.Lines[page.Focus + 1].Text);
    }

    [Fact]
    public void Disassembly_WithoutCodeBytes_SaysNotCaptured()
    {
        Assert.Equal(["code bytes at pc 0x7f0000029d90 not captured"], Page(PeripheralKind.Disassembly, frame: 2).Lines.Select(l => l.Text));
    }

    [Fact]
    public void Disassembly_OtherArchitecture_SaysWhatItCovers()
    {
        _snapshot.Host!.Architecture = "aarch64";

        Assert.Equal(["disassembly covers x86 and x86-64; this snapshot is aarch64"], Page(PeripheralKind.Disassembly).Lines.Select(l => l.Text));
    }

    [Fact]
    public void Source_ThroughTheSourceMap_ShowsTheFileOnTheFrameLine()
    {
        _sources.WriteFile("demo.c", string.Join('\n', TestSnapshots.DemoSource));

        var page = Page(PeripheralKind.Source, map: SourceMap.Parse([$"{TestSnapshots.BuildDirectory}={_sources.Path}"]));

        Assert.Equal("Source demo.c:7", page.Title);
        Assert.Equal(6, page.Focus);
        Assert.Equal(">" + " 7 " + "        *p = 42; /* the fault */", page.Lines[6].Text);
        Assert.Equal("  5         int *p = 0;", page.Lines[4].Text);
    }

    [Fact]
    public void Source_MissingFile_SaysWhereItLookedAndHowToMapIt()
    {
        var page = Page(PeripheralKind.Source);

        Assert.Equal(
        [
            "source not found: /build/demo/demo.c",
            "(recorded as /build/demo/demo.c)",
            "map build paths with --source-map FROM=TO",
        ], page.Lines.Select(l => l.Text));
    }

    [Fact]
    public void Source_FrameWithoutLineInformation_SaysSo()
    {
        Assert.Equal(["no line information for __libc_start_call_main+0x80"], Page(PeripheralKind.Source, frame: 2).Lines.Select(l => l.Text));
    }

    [Fact]
    public void Annotations_MostSevereFirst_WithJumpTargets()
    {
        var page = Page(PeripheralKind.Annotations);

        Assert.Equal("[!] Null dereference (analysis/null-dereference) -> thread 4242 #1", page.Lines[0].Text);
        Assert.Equal(new JumpTarget(4242, 1), page.Lines[0].Target);
        Assert.Equal("    write of 4 bytes to 0x10", page.Lines[1].Text);
        Assert.Equal(new JumpTarget(4242, 1), page.Lines[1].Target);
        Assert.Contains(page.Lines, l => l.Text == "[w] Idle worker -> thread 4244 #1" && l.Target == new JumpTarget(4244, 1));
        Assert.Contains(page.Lines, l => l.Text == "[-] Build info" && l.Target is null);
        Assert.Contains(page.Lines, l => l.Text.Contains("\"compiler\": \"gcc 12\"", StringComparison.Ordinal));
    }

    [Fact]
    public void MemoryMap_MarksThePcSpAndFaultMappings()
    {
        var page = Page(PeripheralKind.MemoryMap);

        Assert.Equal("fault address 0x10 is in no mapping", page.Lines[0].Text);
        Assert.Equal("400000-402000 r-xp 00000000 /build/demo/demo  <- pc", page.Lines[page.Focus].Text);
        Assert.Contains(page.Lines, l => l.Text == "7ffc00000000-7ffc00021000 rw-p 00000000 [stack]  <- sp");
    }

    [Fact]
    public void Registers_KernelStack_Attributes_Classifiers_System()
    {
        Assert.Equal("rip 0x401136  demo+0x1136", Page(PeripheralKind.Registers).Lines[0].Text);
        Assert.Equal(["[<0>] futex_wait_queue+0x60/0x90"], Page(PeripheralKind.KernelStack, tid: 4244).Lines.Select(l => l.Text));
        Assert.Equal(["kernel stack not captured for thread 4246"], Page(PeripheralKind.KernelStack, tid: 4246).Lines.Select(l => l.Text));
        Assert.Equal(["application demo", "build       17", "canary      true", "version     1.2.3"], Page(PeripheralKind.Attributes).Lines.Select(l => l.Text));
        Assert.Equal(["null-dereference", "segv"], Page(PeripheralKind.Classifiers).Lines.Select(l => l.Text));

        var system = Page(PeripheralKind.System).Lines.Select(l => l.Text).ToList();
        Assert.Contains("  signal: SIGSEGV (11)", system);
        Assert.Contains("  stopped: 1234 us", system);
        Assert.Contains("  warning: thread 4247: registers unreadable", system);
        Assert.Contains("  mem.total: 16000000000", system);
        Assert.Contains("  core: unlimited", system);
    }
}
