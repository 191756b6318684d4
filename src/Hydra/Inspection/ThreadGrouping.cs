using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Inspection;

/// <summary>Groups threads by identical call stacks, faulted threads first.</summary>
public static class ThreadGrouping
{
    /// <summary>
    /// Groups <paramref name="threads"/>. Two stacks are identical when every frame names the same function
    /// (or, without a symbol, the same module offset or pc). Faulted threads always form their own group and come
    /// first; other groups keep the order in which their first thread appears in the snapshot.
    /// </summary>
    public static IReadOnlyList<ThreadGroup> Group(IEnumerable<SnapshotThread> threads)
    {
        var faulted = new List<ThreadGroup>();
        var byStack = new Dictionary<string, List<SnapshotThread>>(StringComparer.Ordinal);
        var order = new List<List<SnapshotThread>>();
        foreach (var thread in threads)
        {
            if (thread.Faulted)
            {
                faulted.Add(new ThreadGroup([thread]));
                continue;
            }

            var key = StackKey(thread);
            if (!byStack.TryGetValue(key, out var members))
            {
                members = [];
                byStack[key] = members;
                order.Add(members);
            }

            members.Add(thread);
        }

        return [.. faulted, .. order.Select(members => new ThreadGroup(members))];
    }

    private static string StackKey(SnapshotThread thread) =>
        string.Join('\n', thread.Frames.Select(frame =>
            frame.Function is { } function ? $"{frame.Module}!{function}"
            : frame.ModuleOffset is { } offset ? $"{frame.Module}+{offset:x}"
            : $"0x{frame.Pc:x}"));
}
