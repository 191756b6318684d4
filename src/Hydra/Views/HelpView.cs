using System.Collections.ObjectModel;
using Backtrace.Hydra.Inspection;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Backtrace.Hydra.Views;

/// <summary>The help screen shown over the panes by <c>?</c>: keys, state letters and frame markers.</summary>
public sealed class HelpView : FrameView
{
    private readonly ListView _list;

    public HelpView()
    {
        Title = "Help (? or Esc to close)";
        CanFocus = true;
        _list = new ListView { Width = Dim.Fill(), Height = Dim.Fill(), KeystrokeNavigator = null };
        _list.SetSource(new ObservableCollection<string>(Lines()));
        Add(_list);
    }

    /// <summary>The help text, one entry per line.</summary>
    public static IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            "Keys",
            "  q              quit",
            "  ?              this help",
            "  Tab  S-Tab     next, previous pane;  1 2 3 4  go to a pane",
            "  Up Down  k j   move in the pane;  PgUp PgDn Home End  g G",
            "  Left Right h l the pane to the left, to the right",
            "  Enter          threads: to the stack;  stack: to the variables",
            "                 annotations: jump to the thread and frame",
            "  + - Space      expand, collapse a group of identical threads",
            "  /              search threads, frames, files, modules (regex)",
            "  n N            next, previous match",
            "  [ ]            previous, next page of pane 4",
            "  F10            menu: View chooses the page of pane 4",
            "",
            "Panes",
            "  1 threads: faulted first, identical stacks grouped (x count)",
            "  2 stack of the selected thread",
            "  3 registers, stack slots and locals of the selected frame",
            "  4 source, disassembly, registers, annotations, attributes,",
            "    classifiers, kernel stack, memory map, system statistics",
            "",
            "Thread states",
        };
        lines.AddRange(ThreadStates.Legend.Select(entry => $"  {entry.Letter}  {entry.Meaning}"));
        lines.Add("");
        lines.Add("Frame markers (after the frame number)");
        lines.AddRange(FrameText.Legend.Select(entry => $"  {entry.Marker}  {entry.Meaning}"));
        return lines;
    }

    /// <summary>Shows the help and gives it focus.</summary>
    public void Open()
    {
        Visible = true;
        _list.SetFocus();
    }

    /// <summary>Scrolls the help text.</summary>
    public void Scroll(int delta) => _list.SelectedItem = Math.Clamp((_list.SelectedItem ?? 0) + delta, 0, Lines().Count - 1);
}
