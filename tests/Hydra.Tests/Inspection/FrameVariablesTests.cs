using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Tests.Support;

namespace Backtrace.Hydra.Tests.Inspection;

public sealed class FrameVariablesTests
{
    private static readonly Backtrace.Snapshots.Model.Snapshot Snapshot = TestSnapshots.Crash();
    private static readonly AddressBook Addresses = new(Snapshot);

    private static string[] Lines(int frame) =>
        [.. FrameVariables.Build(new Position(Snapshot.FaultingThread!, frame), Addresses).Select(l => l.Text)];

    [Fact]
    public void InnermostFrame_ShowsTheThreadContextStackSlotsUpToTheCallerAndLocals()
    {
        Assert.Equal(
        [
            "registers (thread context)",
            "rip 0x401136  demo+0x1136",
            "rsp 0x7ffc0000f000  [stack]",
            "rbp 0x7ffc0000f010  [stack]",
            "rax 0x0",
            "rdi 0x3",
            "stack at sp 0x7ffc0000f000",
            "sp+0x00 0x0",
            "sp+0x08 0x3",
            "sp+0x10 0x7ffc0000f030  [stack]",
            "sp+0x18 0x401200  demo+0x1200",
            "locals",
            "int * p = 0x0  @0x7ffc0000f008",
            "int depth = 3",
        ], Lines(0));
    }

    [Fact]
    public void CallerFrame_ShowsTheRegistersRecoveredForItAndWhatWasNotCaptured()
    {
        var lines = Lines(1);

        Assert.Equal(["registers", "rip 0x401200  demo+0x1200", "rsp 0x7ffc0000f020  [stack]", "rbp 0x7ffc0000f030  [stack]"], lines[..4]);
        Assert.Equal("sp+0x08 0x7f0000029d90  libc.so.6+0x29d90", lines[6]);
        Assert.Equal(["locals", "  not captured"], lines[^2..]);
    }

    [Fact]
    public void ScannedFrameWithoutSp_SaysSo()
    {
        var lines = Lines(3);

        Assert.Contains("  none recovered for this frame", lines);
        Assert.Contains("  the frame has no stack pointer", lines);
    }
}
