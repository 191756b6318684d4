namespace Backtrace.Snapshots.Validation;

/// <summary>Collects problems up to <see cref="SnapshotValidator.MaxProblems"/>.</summary>
internal sealed class ProblemList
{
    private readonly List<SnapshotProblem> _items = [];

    public IReadOnlyList<SnapshotProblem> Items => _items;

    public bool Full => _items.Count >= SnapshotValidator.MaxProblems;

    public void Add(string path, string reason)
    {
        if (!Full)
        {
            _items.Add(new SnapshotProblem(path, reason));
        }
    }

    /// <summary>Adds a problem when <paramref name="count"/> exceeds <paramref name="max"/>.</summary>
    public void CheckCount(string path, int count, int max, string what)
    {
        if (count > max)
        {
            Add(path, $"{count} {what}; the limit is {max}");
        }
    }
}
