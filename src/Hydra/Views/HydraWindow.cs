using Backtrace.Hydra.Inspection;
using Backtrace.Hydra.Peripheral;
using Backtrace.Hydra.Sources;
using Backtrace.Snapshots.Model;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Backtrace.Hydra.Views;

/// <summary>
/// The viewer: four numbered panes (1 threads, 2 stack, 3 variables, 4 peripheral), a menu bar that switches the
/// peripheral pane, a context line naming the position, and a line for key hints, messages and the search prompt.
/// </summary>
public sealed partial class HydraWindow : Runnable
{
    private readonly Snapshot _snapshot;
    private readonly AddressBook _addresses;
    private readonly SourceFiles _sources;
    private readonly IReadOnlyList<ThreadGroup> _groups;
    private readonly HashSet<ThreadGroup> _expanded = [];
    private IReadOnlyList<ThreadRow> _threadRows = [];
    private Position _position;
    private PeripheralKind _peripheral = PeripheralKind.Source;

    private readonly LinePane _threadsPane;
    private readonly LinePane _framesPane;
    private readonly LinePane _variablesPane;
    private readonly LinePane _peripheralPane;
    private readonly LinePane[] _panes;
    private readonly Label _contextLine;
    private readonly Label _messageLine;
    private readonly TextField _prompt;
    private readonly HelpView _help;

    public HydraWindow(Snapshot snapshot, SourceFiles sources, HydraTheme theme, string origin)
    {
        _snapshot = snapshot;
        _addresses = new AddressBook(snapshot);
        _sources = sources;
        _groups = ThreadGrouping.Group(snapshot.Threads);
        Title = $"hydra {origin}";
        if (theme.WindowScheme is { } scheme)
        {
            SetScheme(scheme);
        }

        var menu = BuildMenu(theme);
        _threadsPane = new LinePane(1, "Threads", theme) { X = 0, Y = 1, Width = Dim.Percent(34), Height = Dim.Percent(50) };
        _framesPane = new LinePane(2, "Stack", theme) { X = Pos.Right(_threadsPane), Y = 1, Width = Dim.Fill(), Height = Dim.Percent(50) };
        _variablesPane = new LinePane(3, "Variables", theme) { X = 0, Y = Pos.Bottom(_threadsPane), Width = Dim.Percent(40), Height = Dim.Fill(2) };
        _peripheralPane = new LinePane(4, "", theme) { X = Pos.Right(_variablesPane), Y = Pos.Bottom(_threadsPane), Width = Dim.Fill(), Height = Dim.Fill(2) };
        _panes = [_threadsPane, _framesPane, _variablesPane, _peripheralPane];
        _contextLine = new Label { HotKeySpecifier = LinePane.NoHotKey, X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Height = 1 };
        _messageLine = new Label { HotKeySpecifier = LinePane.NoHotKey, X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
        _prompt = new TextField { X = 1, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1, Visible = false };
        _prompt.KeyDown += OnPromptKey;
        _help = new HelpView { X = Pos.Center(), Y = Pos.Center(), Width = Dim.Percent(90), Height = Dim.Percent(90), Visible = false };

        _threadsPane.SelectionChanged += (_, row) => ShowThread(_threadRows[row].Thread, DefaultFrame(_threadRows[row].Thread));
        _threadsPane.LineActivated += (_, _) => FocusPane(_framesPane);
        _framesPane.SelectionChanged += (_, frame) => ShowFrame(frame);
        _framesPane.LineActivated += (_, _) => FocusPane(_variablesPane);
        _peripheralPane.LineActivated += (_, line) => OnPeripheralActivated(line);

        Add(menu, _threadsPane, _framesPane, _variablesPane, _peripheralPane, _contextLine, _messageLine, _prompt, _help);

        _position = new Position(snapshot.FaultingThread ?? FirstThread(), 0);
        RefreshThreadRows();
        ShowThread(_position.Thread, DefaultFrame(_position.Thread));
        ShowHints();
        FocusPane(_framesPane);
    }

    /// <summary>The selected thread and frame.</summary>
    public Position Position => _position;

    /// <summary>What the peripheral pane shows.</summary>
    public PeripheralKind Peripheral => _peripheral;

    /// <summary>The pane that has focus, or null (the search prompt or the help screen has it).</summary>
    public LinePane? FocusedPane => Array.Find(_panes, pane => pane.List.HasFocus);

    /// <summary>Shows another page in the peripheral pane.</summary>
    public void ShowPeripheral(PeripheralKind kind)
    {
        _peripheral = kind;
        RefreshPeripheral();
    }

    private SnapshotThread FirstThread() =>
        _groups.Count > 0 ? _groups[0].Representative : new SnapshotThread { Name = "(no threads in snapshot)" };

    /// <summary>A thread opens on its innermost frame (-1 when it has none).</summary>
    private static int DefaultFrame(SnapshotThread thread) => thread.Frames.Count > 0 ? 0 : -1;

    private void RefreshThreadRows()
    {
        _threadRows = ThreadRow.Build(_groups, _expanded);
        var selected = IndexOfThreadRow(_position.Thread);
        _threadsPane.SetLines([.. _threadRows.Select(row => row.ToLine())], selected);
    }

    private int IndexOfThreadRow(SnapshotThread thread)
    {
        for (var i = 0; i < _threadRows.Count; i++)
        {
            if (ReferenceEquals(_threadRows[i].Thread, thread))
            {
                return i;
            }
        }

        // A member of a collapsed group: select its group's row.
        for (var i = 0; i < _threadRows.Count; i++)
        {
            if (_threadRows[i].Group.Threads.Contains(thread))
            {
                return i;
            }
        }

        return 0;
    }

    private void ShowThread(SnapshotThread thread, int frameIndex)
    {
        _position = new Position(thread, frameIndex);
        _framesPane.SetCaption(thread.Frames.Count == 0 ? "Stack" : $"Stack thread {thread.Tid}");
        _framesPane.SetLines(thread.Frames.Count == 0
            ? [PaneLine.Note("no frames captured for this thread")]
            : [.. thread.Frames.Select((frame, i) => new PaneLine(FrameText.Row(frame, i), FrameKind(frame)))],
            Math.Max(frameIndex, 0));
        ShowFrame(frameIndex);
    }

    private static LineKind FrameKind(SnapshotFrame frame) =>
        frame.Trust == FrameTrust.Scan ? LineKind.Alert : frame.Inlined ? LineKind.Note : LineKind.Normal;

    private void ShowFrame(int frameIndex)
    {
        _position = _position with { FrameIndex = _position.Thread.Frames.Count == 0 ? -1 : frameIndex };
        _variablesPane.SetCaption(_position.Frame is null ? "Variables" : $"Variables #{_position.FrameIndex}");
        _variablesPane.SetLines(FrameVariables.Build(_position, _addresses));
        RefreshPeripheral();
        _contextLine.Text = ContextLine.Describe(_snapshot, _position, _addresses);
    }

    private void RefreshPeripheral()
    {
        var page = PeripheralPages.Build(_peripheral, new PeripheralContext(_snapshot, _addresses, _sources, _position));
        _peripheralPane.SetCaption(page.Title);
        _peripheralPane.SetLines(page.Lines, page.Focus);
    }

    private void OnPeripheralActivated(int line)
    {
        if (_peripheralPane.Lines[line].Target is { } target)
        {
            JumpTo(target, "annotation");
        }
    }

    /// <summary>Selects the thread and frame of <paramref name="target"/>, expanding its group when needed.</summary>
    private bool JumpTo(JumpTarget target, string what)
    {
        var thread = _snapshot.Threads.Find(t => t.Tid == target.ThreadId);
        if (thread is null)
        {
            ShowMessage($"the {what} points at thread {target.ThreadId}, which is not in the snapshot");
            return false;
        }

        if (target.FrameIndex is { } frame && (frame < 0 || frame >= thread.Frames.Count))
        {
            ShowMessage($"the {what} points at frame #{frame} of thread {thread.Tid}, which has {thread.Frames.Count} frames");
            return false;
        }

        if (_groups.FirstOrDefault(g => g.Threads.Contains(thread)) is { } group && !ReferenceEquals(group.Representative, thread))
        {
            _expanded.Add(group);
        }

        _position = new Position(thread, target.FrameIndex ?? DefaultFrame(thread));
        RefreshThreadRows();
        ShowThread(thread, _position.FrameIndex);
        FocusPane(target.FrameIndex is null ? _threadsPane : _framesPane);
        return true;
    }

    private void ToggleGroup(bool? expand)
    {
        if (_threadsPane.SelectedIndex is not { } row || _threadRows[row].Group is not { Threads.Count: > 1 } group)
        {
            return;
        }

        var wanted = expand ?? !_expanded.Contains(group);
        if (wanted)
        {
            _expanded.Add(group);
        }
        else
        {
            _expanded.Remove(group);
        }

        var memberSelected = !ReferenceEquals(_position.Thread, group.Representative) && group.Threads.Contains(_position.Thread);
        if (!wanted && memberSelected)
        {
            _position = new Position(group.Representative, DefaultFrame(group.Representative));
            RefreshThreadRows();
            ShowThread(_position.Thread, _position.FrameIndex);
            return;
        }

        RefreshThreadRows();
    }

    private void FocusPane(LinePane pane) => pane.List.SetFocus();

    private void ShowMessage(string text) => _messageLine.Text = Names.Printable(text);

    private void ShowHints() =>
        ShowMessage("q quit  ? help  / search  Tab 1-4 panes  [ ] page  F10 menu");
}
