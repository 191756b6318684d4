using Backtrace.Hydra.Loading;
using Backtrace.Hydra.Peripheral;
using Backtrace.Hydra.Tests.Support;
using Backtrace.Snapshots.Model;
using Terminal.Gui.Input;

namespace Backtrace.Hydra.Tests.Views;

/// <summary>Snapshots with little in them (a client report, a failed capture) must still open and explain what is missing.</summary>
[Collection(TerminalGuiCollection.Name)]
public sealed class SparseSnapshotTests
{
    [Fact]
    public void EmptySnapshot_OpensAndEveryPageSaysWhatIsMissing()
    {
        var snapshot = SnapshotDocument.Read(
            """{"version":1,"uuid":"6b0b7c0e-5c1a-4b8e-9d37-3f1d7b1e6a01","timestamp":"2026-11-25T12:00:00Z"}"""u8, "empty.json");
        using var viewer = new ViewerHarness(snapshot);

        Assert.NotNull(viewer.RowWith("no frames captured for this thread"));
        viewer.Press(Key.D4);
        var firstLines = new Dictionary<PeripheralKind, string>();
        foreach (var _ in Enum.GetValues<PeripheralKind>())
        {
            firstLines[viewer.Window.Peripheral] = viewer.Window.FocusedPane!.Lines[0].Text;
            viewer.Press(new Key(']'));
        }

        Assert.Equal("this thread has no frames", firstLines[PeripheralKind.Source]);
        Assert.Equal("this thread has no frames", firstLines[PeripheralKind.Disassembly]);
        Assert.Equal("no attributes", firstLines[PeripheralKind.Attributes]);
        Assert.Equal("no annotations", firstLines[PeripheralKind.Annotations]);
        Assert.Equal("no classifiers", firstLines[PeripheralKind.Classifiers]);
        Assert.Equal("memory map not captured", firstLines[PeripheralKind.MemoryMap]);
        Assert.StartsWith("no registers captured for thread", firstLines[PeripheralKind.Registers]);
        Assert.StartsWith("kernel stack not captured for thread", firstLines[PeripheralKind.KernelStack]);
        Assert.Equal("capture", firstLines[PeripheralKind.System]);
        Assert.Equal(PeripheralKind.Source, viewer.Window.Peripheral);
        viewer.Press(Key.Tab, Key.Tab, Key.Tab, Key.J, Key.K, new Key('/')).Type("x");
        viewer.Press(Key.Enter, Key.N);
        Assert.StartsWith("no match for /x", viewer.Rows[^1]);
    }

    [Fact]
    public void ThreadWithoutFrames_AndAHugeFrameCount_AreShown()
    {
        var snapshot = TestSnapshots.Crash();
        snapshot.Threads.Single(t => t.Tid == 4246).Frames =
            [.. Enumerable.Range(0, 100_000).Select(i => new SnapshotFrame { Pc = 0x1000 + (ulong)i, Function = $"f{i}" })];
        using var viewer = new ViewerHarness(snapshot);

        viewer.Press(Key.D1, Key.J, Key.J, Key.Enter, Key.G.WithShift);
        Assert.Equal((4246L, 99_999), (viewer.Window.Position.Thread.Tid, viewer.Window.Position.FrameIndex));
        Assert.NotNull(viewer.RowWith("#99999   f99999"));

        viewer.Press(Key.D1, Key.J);
        Assert.Equal(4247, viewer.Window.Position.Thread.Tid);
        Assert.NotNull(viewer.RowWith("no frames captured for this thread"));
        Assert.NotNull(viewer.RowWith("this thread has no frames"));
    }
}
