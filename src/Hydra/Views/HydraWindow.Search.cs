using Backtrace.Hydra.Inspection;
using Terminal.Gui.Input;

namespace Backtrace.Hydra.Views;

public sealed partial class HydraWindow
{
    private string? _searchPattern;
    private IReadOnlyList<JumpTarget> _matches = [];
    private int _matchIndex = -1;
    private LinePane? _searchReturn;

    /// <summary>The current search pattern, if any.</summary>
    public string? SearchPattern => _searchPattern;

    /// <summary>Searches and jumps to the first match, as if <paramref name="pattern"/> was typed after <c>/</c>.</summary>
    public void Search(string pattern)
    {
        _searchPattern = pattern;
        _matches = SnapshotSearch.Find(_groups.SelectMany(group => group.Threads), pattern);
        _matchIndex = -1;
        if (_matches.Count == 0)
        {
            ShowMessage($"no match for /{pattern}");
            return;
        }

        NextMatch(1);
    }

    private void OpenSearch()
    {
        _searchReturn = FocusedPane;
        _messageLine.Text = "/";
        _prompt.Text = "";
        _prompt.Visible = true;
        _prompt.SetFocus();
    }

    private void OnPromptKey(object? sender, Key key)
    {
        if (key != Key.Enter && key != Key.Esc)
        {
            return;
        }

        key.Handled = true;
        var pattern = _prompt.Text;
        _prompt.Visible = false;
        FocusPane(_searchReturn ?? _framesPane);
        if (key == Key.Esc || pattern.Length == 0)
        {
            ShowHints();
            return;
        }

        Search(pattern);
    }

    private void NextMatch(int direction)
    {
        if (_searchPattern is null)
        {
            ShowMessage("no search yet: press / to search");
            return;
        }

        if (_matches.Count == 0)
        {
            ShowMessage($"no match for /{_searchPattern}");
            return;
        }

        _matchIndex = (_matchIndex + direction + _matches.Count) % _matches.Count;
        var match = _matches[_matchIndex];
        JumpTo(match, "match");
        ShowMessage($"/{_searchPattern}: match {_matchIndex + 1} of {_matches.Count}");
    }
}
