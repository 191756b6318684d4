using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Validation;

/// <summary>
/// Finds JSON nulls where a list entry or a map value belongs (<c>"threads": [null]</c>,
/// <c>"limits": {"core": null}</c>). System.Text.Json applies the model's nullable annotations to properties
/// but not to collection elements, so such documents deserialize with null entries that every later reader of
/// the model (the validator itself, fingerprinting, analysis, the viewers) would trip over.
/// Lists of value types and maps of <see cref="AttributeValue"/> or addresses need no check: their converters
/// reject null while reading.
/// </summary>
internal static class NullEntries
{
    private const string NotAnObject = "must be an object, not null";
    private const string NotAString = "must be a string, not null";

    /// <summary>Adds a problem for every null entry (until the list is full); returns whether there was any.</summary>
    public static bool Report(Snapshot snapshot, ProblemList problems)
    {
        var before = problems.Items.Count;
        CheckThreads(snapshot.Threads, problems);
        CheckList(snapshot.Modules, "$.modules", problems);
        CheckList(snapshot.Mappings, "$.mappings", problems);
        CheckList(snapshot.Memory, "$.memory", problems);
        CheckList(snapshot.Annotations, "$.annotations", problems);
        CheckList(snapshot.Classifiers, "$.classifiers", problems);
        CheckList(snapshot.Process?.CommandLine, "$.process.command_line", problems);
        CheckList(snapshot.Capture?.Warnings, "$.capture.warnings", problems);
        CheckMap(snapshot.Environment?.Limits, "$.environment.limits", problems);
        CheckMap(snapshot.Environment?.Variables, "$.environment.variables", problems);

        // A full list stopped the walk early, so an entry it did not reach may be null: say so too.
        return problems.Items.Count > before || problems.Full;
    }

    private static void CheckThreads(List<SnapshotThread> threads, ProblemList problems)
    {
        for (var t = 0; t < threads.Count && !problems.Full; t++)
        {
            if (threads[t] is not { } thread)
            {
                problems.Add($"$.threads[{t}]", NotAnObject);
                continue;
            }

            for (var f = 0; f < thread.Frames.Count && !problems.Full; f++)
            {
                if (thread.Frames[f] is not { } frame)
                {
                    problems.Add($"$.threads[{t}].frames[{f}]", NotAnObject);
                }
                else if (frame.Variables is { Count: > 0 } variables)
                {
                    CheckList(variables, $"$.threads[{t}].frames[{f}].variables", problems);
                }
            }

            if (thread.KernelStack is { Count: > 0 } kernelStack)
            {
                CheckList(kernelStack, $"$.threads[{t}].kernel_stack", problems);
            }
        }
    }

    private static void CheckList<T>(List<T>? items, string path, ProblemList problems) where T : class
    {
        var reason = typeof(T) == typeof(string) ? NotAString : NotAnObject;
        for (var i = 0; items is not null && i < items.Count && !problems.Full; i++)
        {
            if (items[i] is null)
            {
                problems.Add(JsonPath.Index(path, i), reason);
            }
        }
    }

    private static void CheckMap(Dictionary<string, string>? map, string path, ProblemList problems)
    {
        foreach (var (key, value) in map ?? [])
        {
            if (problems.Full)
            {
                return;
            }

            if (value is null)
            {
                problems.Add(JsonPath.Property(path, key), NotAString);
            }
        }
    }
}
