using Terminal.Gui.Input;

namespace Backtrace.Hydra.Views;

public sealed partial class HydraWindow
{
    private LinePane? _helpReturn;

    /// <summary>
    /// Hydra's keys. The focused list sees a key first and keeps only the ones it knows (Up, Down, PgUp, PgDn,
    /// Home, End, Enter); everything else arrives here. Returning true also keeps Terminal.Gui's own bindings
    /// (Esc quits a Runnable) from acting on keys hydra owns.
    /// </summary>
    protected override bool OnKeyDown(Key key)
    {
        if (_prompt.Visible)
        {
            // Keys the search prompt did not take (Tab, arrows, F-keys) must not move focus out of it.
            return key != Key.Esc && key != Key.Enter;
        }

        if (_help.Visible)
        {
            return OnHelpKey(key);
        }

        if (key == Key.Tab || key == Key.Tab.WithShift)
        {
            CycleFocus(key.IsShift ? -1 : 1);
            return true;
        }

        if (key == Key.CursorLeft || key == Key.CursorRight)
        {
            MoveSideways(key == Key.CursorLeft ? -1 : 1);
            return true;
        }

        if (key == Key.Esc)
        {
            ShowHints();
            return true;
        }

        return Typed(key) is { } c && OnCharacter(c);
    }

    private bool OnCharacter(char c)
    {
        switch (c)
        {
            case 'q':
                App?.RequestStop();
                return true;
            case '?':
                OpenHelp();
                return true;
            case '/':
                OpenSearch();
                return true;
            case 'n':
                NextMatch(1);
                return true;
            case 'N':
                NextMatch(-1);
                return true;
            case >= '1' and <= '4':
                FocusPane(_panes[c - '1']);
                return true;
            case 'j':
                FocusedPane?.Move(1);
                return true;
            case 'k':
                FocusedPane?.Move(-1);
                return true;
            case 'g':
                FocusedPane?.Move(int.MinValue / 2);
                return true;
            case 'G':
                FocusedPane?.Move(int.MaxValue / 2);
                return true;
            case 'h':
            case 'l':
                MoveSideways(c == 'h' ? -1 : 1);
                return true;
            case '[':
            case ']':
                CyclePeripheral(c == '[' ? -1 : 1);
                return true;
            case '+':
            case '-':
            case ' ':
                ToggleGroup(c switch { '+' => true, '-' => false, _ => null });
                return true;
            default:
                return false;
        }
    }

    private bool OnHelpKey(Key key)
    {
        var c = Typed(key);
        if (key == Key.Esc || c is '?' or 'q')
        {
            _help.Visible = false;
            FocusPane(_helpReturn ?? _framesPane);
        }
        else if (key == Key.CursorDown || c == 'j')
        {
            _help.Scroll(1);
        }
        else if (key == Key.CursorUp || c == 'k')
        {
            _help.Scroll(-1);
        }

        return true;
    }

    private void OpenHelp()
    {
        _helpReturn = FocusedPane;
        _help.Open();
    }

    /// <summary>The character a key types, or null for keys with Ctrl or Alt and keys that type nothing.</summary>
    private static char? Typed(Key key)
    {
        if (key.IsCtrl || key.IsAlt)
        {
            return null;
        }

        var rune = key.AsRune;
        return rune.Value is > 0x20 and < 0x7f || rune.Value == ' ' ? (char)rune.Value : null;
    }

    private void CycleFocus(int delta)
    {
        var current = FocusedPane is { } pane ? Array.IndexOf(_panes, pane) : 0;
        FocusPane(_panes[(current + delta + _panes.Length) % _panes.Length]);
    }

    /// <summary>Left and right move between the panes side by side: threads and stack on top, variables and pane 4 below.</summary>
    private void MoveSideways(int direction)
    {
        var current = FocusedPane is { } pane ? Array.IndexOf(_panes, pane) : 0;
        var row = current / 2;
        FocusPane(_panes[row * 2 + (direction < 0 ? 0 : 1)]);
    }
}
