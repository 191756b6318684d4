using System.Collections.ObjectModel;
using Backtrace.Hydra.Inspection;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace Backtrace.Hydra.Views;

/// <summary>
/// One numbered pane: a framed list of <see cref="PaneLine"/>s with a selected line. The title shows the pane number
/// and, while the pane has focus, a <c>*</c>, so the focused pane is visible without colours.
/// </summary>
public sealed class LinePane : FrameView
{
    private readonly ListView _list;
    private readonly HydraTheme _theme;
    private IReadOnlyList<PaneLine> _lines = [];
    private string _caption;
    private bool _suppress;

    public LinePane(int number, string caption, HydraTheme theme)
    {
        Number = number;
        _caption = caption;
        _theme = theme;
        CanFocus = true;
        HotKeySpecifier = NoHotKey; // titles name functions such as futex_wait: an underscore is text, not a hot key
        TabStop = TabBehavior.TabStop;
        _list = new ListView
        {
            Width = Dim.Fill(),
            Height = Dim.Fill(),
            KeystrokeNavigator = null, // letters are hydra's commands (hjkl, n, q), not type-ahead search
        };
        _list.SetSource(new ObservableCollection<string>());
        _list.ValueChanged += (_, e) =>
        {
            if (!_suppress && e.NewValue is { } index && index >= 0 && index < _lines.Count)
            {
                SelectionChanged?.Invoke(this, index);
            }
        };
        _list.Accepting += (_, e) =>
        {
            e.Handled = true;
            if (SelectedIndex is { } index)
            {
                LineActivated?.Invoke(this, index);
            }
        };
        _list.RowRender += (_, e) => e.RowAttribute = RowAttribute(e.Row);
        _list.HasFocusChanged += (_, _) => UpdateTitle();
        Add(_list);
        UpdateTitle();
    }

    /// <summary>Turns off Terminal.Gui's hot-key underscores for views that show snapshot text.</summary>
    internal static readonly System.Text.Rune NoHotKey = new(0xFFFF);

    /// <summary>The pane number, 1 to 4, that selects it from the keyboard.</summary>
    public int Number { get; }

    /// <summary>Raised with the line index when the user moves the selection.</summary>
    public event EventHandler<int>? SelectionChanged;

    /// <summary>Raised with the line index when the user presses Enter on a line.</summary>
    public event EventHandler<int>? LineActivated;

    /// <summary>The lines shown.</summary>
    public IReadOnlyList<PaneLine> Lines => _lines;

    /// <summary>The selected line, or null when the pane is empty.</summary>
    public int? SelectedIndex => _list.SelectedItem is { } index && index >= 0 && index < _lines.Count ? index : null;

    /// <summary>The list inside the frame: the view that holds focus.</summary>
    internal ListView List => _list;

    /// <summary>Changes the caption after the pane number (the peripheral pane names its page this way).</summary>
    public void SetCaption(string caption)
    {
        _caption = caption;
        UpdateTitle();
    }

    /// <summary>Replaces the lines and selects <paramref name="selected"/> without raising <see cref="SelectionChanged"/>.</summary>
    public void SetLines(IReadOnlyList<PaneLine> lines, int selected = 0)
    {
        _lines = lines;
        _suppress = true;
        try
        {
            _list.SetSource(new ObservableCollection<string>(lines.Select(line => line.Text)));
            Select(lines.Count == 0 ? null : Math.Clamp(selected, 0, lines.Count - 1));
        }
        finally
        {
            _suppress = false;
        }
    }

    /// <summary>Selects a line and scrolls it into view, raising <see cref="SelectionChanged"/> unless lines are being replaced.</summary>
    public void Select(int? index)
    {
        _list.SelectedItem = index;
        if (index is not null)
        {
            _list.EnsureSelectedItemVisible();
        }
    }

    /// <summary>Moves the selection by <paramref name="delta"/> lines, staying within the list.</summary>
    public void Move(int delta)
    {
        if (_lines.Count == 0)
        {
            return;
        }

        Select(Math.Clamp((SelectedIndex ?? 0) + delta, 0, _lines.Count - 1));
    }

    private Attribute? RowAttribute(int row)
    {
        if (row == _list.SelectedItem || row >= _lines.Count)
        {
            return null;
        }

        return _theme.LineAttribute(_lines[row].Kind, _list.GetAttributeForRole(VisualRole.Normal));
    }

    private void UpdateTitle() => Title = $"{Number} {_caption}{(_list?.HasFocus == true ? " *" : "")}";
}
