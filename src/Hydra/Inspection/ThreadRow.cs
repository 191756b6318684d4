using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>A row of the threads pane: a group (shown by its first thread), or one member of an expanded group.</summary>
/// <param name="Group">The group the row belongs to.</param>
/// <param name="Thread">The thread the row selects.</param>
/// <param name="IsMember">True for the rows listing the other members of an expanded group.</param>
public sealed record ThreadRow(ThreadGroup Group, SnapshotThread Thread, bool IsMember)
{
    /// <summary>Builds the rows for <paramref name="groups"/>, listing the members of the <paramref name="expanded"/> ones.</summary>
    public static IReadOnlyList<ThreadRow> Build(IReadOnlyList<ThreadGroup> groups, IReadOnlySet<ThreadGroup> expanded)
    {
        var rows = new List<ThreadRow>();
        foreach (var group in groups)
        {
            rows.Add(new ThreadRow(group, group.Representative, false));
            if (expanded.Contains(group))
            {
                rows.AddRange(group.Threads.Skip(1).Select(thread => new ThreadRow(group, thread, true)));
            }
        }

        return rows;
    }

    /// <summary>The pane line: <c>F 4242 demo</c>, <c>S 4243 worker x3</c>, or <c>  - 4244 worker</c> for members.</summary>
    public PaneLine ToLine()
    {
        var name = Thread.Name is { Length: > 0 } n ? " " + n : "";
        if (IsMember)
        {
            return PaneLine.Plain($"  - {Thread.Tid}{name}");
        }

        var count = Group.Threads.Count > 1 ? $" x{Group.Threads.Count}" : "";
        var text = Names.Printable($"{ThreadStates.Letter(Thread)} {Thread.Tid}{name}{count}");
        return new PaneLine(text, Thread.Faulted ? LineKind.Alert : LineKind.Normal);
    }
}
