using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Peripheral;
using Backtrace.Hydra.Sources;
using Backtrace.Hydra.Tests.Support;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;

namespace Backtrace.Hydra.Tests.Views;

/// <summary>The viewer driven in-process on Terminal.Gui's ANSI driver at 80x24, asserting on the rendered screen and focus.</summary>
[Collection(TerminalGuiCollection.Name)]
public sealed class HydraWindowTests : IDisposable
{
    private readonly TempDirectory _sources = new();
    private readonly ViewerHarness _viewer;

    public HydraWindowTests()
    {
        _sources.WriteFile("demo.c", string.Join('\n', TestSnapshots.DemoSource));
        _viewer = new ViewerHarness(TestSnapshots.Crash(), sourceMap: SourceMap.Parse([$"{TestSnapshots.BuildDirectory}={_sources.Path}"]));
    }

    public void Dispose()
    {
        _viewer.Dispose();
        _sources.Dispose();
    }

    private HydraWindowTests Press(params Key[] keys)
    {
        _viewer.Press(keys);
        return this;
    }

    private HydraWindowTests Type(string text)
    {
        _viewer.Type(text);
        return this;
    }

    private string ContextLine => _viewer.Rows[^2];

    [Fact]
    public void Opens_OnTheFaultingThreadAndFrame_WithTheStackFocused()
    {
        Assert.Equal(TestSnapshots.FaultingTid, _viewer.Window.Position.Thread.Tid);
        Assert.Equal(0, _viewer.Window.Position.FrameIndex);
        Assert.Equal(2, _viewer.Window.FocusedPane?.Number);

        var rows = _viewer.Rows;
        Assert.Contains("2 Stack thread 4242 *", rows[1]);
        Assert.Contains("│F 4242 demo ", rows[2]);
        Assert.Contains("#0 C  crash+0x6  demo.c:7  demo", rows[2]);
        Assert.Contains("#3 s  libc.so.6+0x299ff", rows[5]);
        Assert.StartsWith("thread 4242 demo | #0 crash+0x6 demo.c:7 | pc 0x401136 | SIGSEGV at 0x10", ContextLine);
        Assert.NotNull(_viewer.RowWith("> 7         *p = 42; /* the fault */"));
    }

    [Fact]
    public void Layout_At80x24_ShowsAllFourPanesWithinTheScreen()
    {
        var rows = _viewer.Rows;

        Assert.Equal(24, rows.Length);
        Assert.All(rows, row => Assert.True(row.Length <= 80, row));
        Assert.NotNull(_viewer.RowWith("1 Threads"));
        Assert.NotNull(_viewer.RowWith("3 Variables #0"));
        Assert.NotNull(_viewer.RowWith("4 Source demo.c:7"));
        Assert.StartsWith(" View  Help", rows[0]);
        Assert.StartsWith("q quit  ? help  / search", rows[^1]);
    }

    [Fact]
    public void Keys_jk_And_Arrows_MoveThroughTheStack_AndThePanesFollow()
    {
        Press(Key.J);
        Assert.Equal(1, _viewer.Window.Position.FrameIndex);
        Assert.StartsWith("thread 4242 demo | #1 main+0x10 demo.c:12", ContextLine);
        Assert.NotNull(_viewer.RowWith("3 Variables #1"));
        Assert.NotNull(_viewer.RowWith(">12         crash(3);"));

        Press(Key.CursorDown, Key.CursorDown);
        Assert.Equal(3, _viewer.Window.Position.FrameIndex);
        Assert.NotNull(_viewer.RowWith("no line information for libc.so.6+0x299ff"));

        Press(Key.K, Key.CursorUp);
        Assert.Equal(1, _viewer.Window.Position.FrameIndex);
    }

    [Fact]
    public void Tab_Digits_And_hl_MoveTheFocusBetweenPanes()
    {
        Assert.Equal(3, Press(Key.Tab).Focused);
        Assert.Equal(4, Press(Key.Tab).Focused);
        Assert.Equal(1, Press(Key.Tab).Focused);
        Assert.Equal(4, Press(Key.Tab.WithShift).Focused);
        Assert.Equal(3, Press(Key.H).Focused);
        Assert.Equal(4, Press(Key.L).Focused);
        Assert.Equal(1, Press(Key.D1).Focused);
        Assert.Equal(2, Press(Key.CursorRight).Focused);
        Assert.Equal(3, Press(Key.D3).Focused);
        Assert.NotNull(_viewer.RowWith("3 Variables #0 *"));
        Assert.Null(_viewer.RowWith("2 Stack thread 4242 *"));
    }

    private int? Focused => _viewer.Window.FocusedPane?.Number;

    [Fact]
    public void ThreadsPane_SelectsAGroup_AndPlusExpandsItsMembers()
    {
        Press(Key.D1, Key.J);

        Assert.Equal(4243, _viewer.Window.Position.Thread.Tid);
        Assert.NotNull(_viewer.RowWith("2 Stack thread 4243"));
        Assert.NotNull(_viewer.RowWith("#0 C  futex_wait+0x34  libc.so.6"));

        Press(new Key('+'), Key.J);
        Assert.NotNull(_viewer.RowWith("│  - 4244 worker"));
        Assert.Equal(4244, _viewer.Window.Position.Thread.Tid);

        Press(new Key('-'));
        Assert.Null(_viewer.RowWith("- 4244 worker"));
        Assert.Equal(4243, _viewer.Window.Position.Thread.Tid);
    }

    [Fact]
    public void Enter_MovesFromThreadsToStackToVariables()
    {
        Press(Key.D1, Key.J, Key.Enter);
        Assert.Equal(2, Focused);
        Assert.Equal(4243, _viewer.Window.Position.Thread.Tid);

        Press(Key.Enter);
        Assert.Equal(3, Focused);
    }

    [Fact]
    public void Search_JumpsToMatches_AndnNCycleThroughThem()
    {
        Press(new Key('/'));
        Assert.Null(_viewer.Window.FocusedPane);
        _viewer.Type("io_loop");
        Press(Key.Enter);

        Assert.Equal((4246L, 1), (_viewer.Window.Position.Thread.Tid, _viewer.Window.Position.FrameIndex));
        Assert.Equal(2, Focused);
        Assert.StartsWith("/io_loop: match 1 of 1", _viewer.Rows[^1]);

        Press(new Key('/')).Type("worker");
        Press(Key.Enter);
        Assert.Equal(4243L, _viewer.Window.Position.Thread.Tid);
        Assert.Equal(1, Focused);
        Press(Key.N);
        Assert.Equal((4243L, 1), (_viewer.Window.Position.Thread.Tid, _viewer.Window.Position.FrameIndex));
        Press(Key.N, Key.N);
        Assert.Equal((4244L, 1), (_viewer.Window.Position.Thread.Tid, _viewer.Window.Position.FrameIndex));
        Assert.NotNull(_viewer.RowWith("│  - 4244 worker"));
        Press(Key.N.WithShift);
        Assert.Equal(4244, _viewer.Window.Position.Thread.Tid);
        Assert.StartsWith("/worker: match 3 of 6", _viewer.Rows[^1]);

        Press(new Key('/')).Type("nothing-like-this");
        Press(Key.Enter);
        Assert.StartsWith("no match for /nothing-like-this", _viewer.Rows[^1]);
    }

    [Fact]
    public void Search_EscCancels_AndKeysTypedInThePromptAreNotCommands()
    {
        Press(new Key('/')).Type("q?1");
        Assert.StartsWith("/q?1", _viewer.Rows[^1]);
        Press(Key.Esc);

        Assert.Equal(2, Focused);
        Assert.Null(_viewer.Window.SearchPattern);
        Assert.StartsWith("q quit", _viewer.Rows[^1]);
    }

    [Fact]
    public void Annotations_EnterJumpsToTheTargetedThreadAndFrame()
    {
        _viewer.Window.ShowPeripheral(PeripheralKind.Annotations);
        Press(Key.D4);
        Assert.NotNull(_viewer.RowWith("[!] Null dereference"));

        Press(Key.Enter);
        Assert.Equal((TestSnapshots.FaultingTid, 1), (_viewer.Window.Position.Thread.Tid, _viewer.Window.Position.FrameIndex));
        Assert.Equal(2, Focused);

        Press(Key.D4, Key.J, Key.J, Key.Enter);
        Assert.Equal((4244L, 1), (_viewer.Window.Position.Thread.Tid, _viewer.Window.Position.FrameIndex));
        Assert.NotNull(_viewer.RowWith("│  - 4244 worker"));
    }

    [Fact]
    public void Annotations_TargetingAMissingThread_SayWhy()
    {
        _viewer.Window.ShowPeripheral(PeripheralKind.Annotations);

        // Critical first (2 lines), then the two warnings: "Lost thread" is the fifth line.
        Press(Key.D4, Key.J, Key.J, Key.J, Key.J);
        Assert.Contains("[w] Lost thread -> thread 9999", _viewer.Window.FocusedPane!.Lines[4].Text);
        Press(Key.Enter);

        Assert.StartsWith("the annotation points at thread 9999, which is not in the snapshot", _viewer.Rows[^1]);
        Assert.Equal(TestSnapshots.FaultingTid, _viewer.Window.Position.Thread.Tid);
    }

    [Fact]
    public void Brackets_CycleThePeripheralPages()
    {
        Press(new Key(']'));
        Assert.Equal(PeripheralKind.Disassembly, _viewer.Window.Peripheral);
        Assert.NotNull(_viewer.RowWith(">401136 mov     dword ptr [rax],2Ah"));

        Press(new Key('['), new Key('['));
        Assert.Equal(PeripheralKind.System, _viewer.Window.Peripheral);
        Assert.NotNull(_viewer.RowWith("4 System"));
    }

    [Fact]
    public void Menu_ViewSwitchesThePeripheralPane()
    {
        Press(Key.F10);
        Assert.NotNull(_viewer.RowWith("Memory map"));

        Press(Key.CursorDown, Key.Enter);

        Assert.Equal(PeripheralKind.Disassembly, _viewer.Window.Peripheral);
        Assert.Equal(4, Focused);
    }

    [Fact]
    public void Mouse_ClickSelectsARowAndFocusesItsPane()
    {
        var row = Array.FindIndex(_viewer.Rows, r => r.Contains("│D 4246 io", StringComparison.Ordinal));

        _viewer.Click(3, row);

        Assert.Equal(4246, _viewer.Window.Position.Thread.Tid);
        Assert.Equal(1, Focused);
    }

    [Fact]
    public void Help_ListsEveryThreadStateLetter_WhenScrolledDown()
    {
        Press(new Key('?'));
        for (var i = 0; i < 60 && _viewer.RowWith("?  unknown or not recorded") is null; i++)
        {
            Press(new Key('j'));
        }

        foreach (var (letter, meaning) in ThreadStates.Legend)
        {
            Assert.NotNull(_viewer.RowWith($"{letter}  {meaning}"));
        }
    }

    [Fact]
    public void Help_OpensWithQuestionMark_AndClosesWithEsc()
    {
        Press(new Key('?'));
        Assert.NotNull(_viewer.RowWith("Help (? or Esc to close)"));
        Assert.NotNull(_viewer.RowWith("search threads, frames, files, modules (regex)"));

        Press(Key.Esc);
        Assert.Null(_viewer.RowWith("Help (? or Esc to close)"));
        Assert.Equal(2, Focused);
    }

    [Fact]
    public void Resize_RelaysOutThePanes()
    {
        _viewer.Resize(120, 40);
        Assert.Equal(40, _viewer.Rows.Length);
        Assert.Contains("thread 4242 demo", _viewer.Rows[^2]);
        Assert.NotNull(_viewer.RowWith("4 Source demo.c:7"));

        _viewer.Resize(60, 16);
        Assert.Equal(16, _viewer.Rows.Length);
        Assert.NotNull(_viewer.RowWith("1 Threads"));
        Assert.StartsWith("thread 4242 demo", _viewer.Rows[^2]);
    }
}
