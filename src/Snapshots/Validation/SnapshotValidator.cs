using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Validation;

/// <summary>
/// Checks a deserialized snapshot against format v1's rules and a <see cref="SnapshotLimits"/>:
/// required fields, no null entry in any list or map, counts of threads, frames, attributes, annotations and
/// list entries, the total of captured memory bytes, attribute keys, and the fingerprint override. Text-level
/// rules (UTF-8, string lengths, nesting) are checked on the raw document before deserialization, by
/// <see cref="SnapshotReader"/>.
/// </summary>
public static class SnapshotValidator
{
    /// <summary>Most problems reported for one snapshot; past that, more detail helps nobody.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// JSON numbers such as <c>1e400</c> read as infinity, which no JSON writer can write back: the snapshot
    /// could be stored but never served, indexed or re-sent.
    /// </summary>
    private const string NumberOutOfRange = "the number is beyond the range of a 64-bit float (about 1.8e308)";

    /// <summary>Returns every problem found (at most <see cref="MaxProblems"/>); empty when the snapshot is valid.</summary>
    public static IReadOnlyList<SnapshotProblem> Validate(Snapshot snapshot, SnapshotLimits limits)
    {
        var problems = new ProblemList();
        if (snapshot.Version != Snapshot.CurrentVersion)
        {
            problems.Add("$.version", $"format version {snapshot.Version} is not supported; this reader knows version {Snapshot.CurrentVersion}");
        }

        if (snapshot.Uuid == Guid.Empty)
        {
            problems.Add("$.uuid", "required: a random uuid that identifies the snapshot (the nil uuid is not one)");
        }

        if (snapshot.Timestamp == default)
        {
            problems.Add("$.timestamp", "required: when the crash happened, as an ISO 8601 date-time");
        }

        if (snapshot.Fingerprint is { } fingerprint && FingerprintOverride.Problem(fingerprint) is { } fingerprintProblem)
        {
            problems.Add("$.fingerprint", fingerprintProblem);
        }

        // The checks below look inside every entry, so entries that are null end the validation here.
        if (NullEntries.Report(snapshot, problems))
        {
            return problems.Items;
        }

        CheckThreads(snapshot.Threads, limits, problems);
        problems.CheckCount("$.modules", snapshot.Modules.Count, limits.MaxListItems, "modules");
        for (var i = 0; i < snapshot.Modules.Count && !problems.Full; i++)
        {
            if (snapshot.Modules[i].Path.Length == 0)
            {
                problems.Add($"$.modules[{i}].path", "required: the module's file path or name");
            }
        }

        problems.CheckCount("$.mappings", snapshot.Mappings.Count, limits.MaxListItems, "mappings");
        CheckMemory(snapshot.Memory, limits, problems);
        CheckAttributes("$.attributes", snapshot.Attributes, limits.MaxAttributes, limits, problems);
        CheckAnnotations(snapshot.Annotations, limits, problems);
        problems.CheckCount("$.classifiers", snapshot.Classifiers.Count, limits.MaxListItems, "classifiers");
        for (var i = 0; i < snapshot.Classifiers.Count && !problems.Full; i++)
        {
            if (string.IsNullOrWhiteSpace(snapshot.Classifiers[i]))
            {
                problems.Add($"$.classifiers[{i}]", "a classifier must not be empty");
            }
        }

        if (snapshot.Process is { } process)
        {
            problems.CheckCount("$.process.command_line", process.CommandLine.Count, limits.MaxListItems, "arguments");
            if (process.AgeSeconds is { } age && !double.IsFinite(age))
            {
                problems.Add("$.process.age_seconds", NumberOutOfRange);
            }
        }

        if (snapshot.Capture is { } capture)
        {
            problems.CheckCount("$.capture.warnings", capture.Warnings.Count, limits.MaxListItems, "warnings");
        }

        if (snapshot.Environment is { } environment)
        {
            CheckAttributes("$.environment.system", environment.System, limits.MaxListItems, limits, problems);
            CheckAttributes("$.environment.process", environment.Process, limits.MaxListItems, limits, problems);
            problems.CheckCount("$.environment.limits", environment.Limits.Count, limits.MaxListItems, "entries");
            problems.CheckCount("$.environment.variables", environment.Variables.Count, limits.MaxListItems, "entries");
        }

        return problems.Items;
    }

    private static void CheckThreads(List<SnapshotThread> threads, SnapshotLimits limits, ProblemList problems)
    {
        problems.CheckCount("$.threads", threads.Count, limits.MaxThreads, "threads");
        for (var t = 0; t < threads.Count && !problems.Full; t++)
        {
            // Paths are built only for a problem: this loop visits every frame of every snapshot ingested.
            var thread = threads[t];
            if (thread.Frames.Count > limits.MaxFramesPerThread)
            {
                problems.CheckCount($"$.threads[{t}].frames", thread.Frames.Count, limits.MaxFramesPerThread, "frames");
            }

            if (thread.Registers.Count > limits.MaxListItems)
            {
                problems.CheckCount($"$.threads[{t}].registers", thread.Registers.Count, limits.MaxListItems, "registers");
            }

            if (thread.KernelStack?.Count > limits.MaxListItems)
            {
                problems.CheckCount($"$.threads[{t}].kernel_stack", thread.KernelStack.Count, limits.MaxListItems, "lines");
            }

            for (var f = 0; f < thread.Frames.Count && !problems.Full; f++)
            {
                var frame = thread.Frames[f];
                if (frame.Registers?.Count > limits.MaxListItems)
                {
                    problems.CheckCount($"$.threads[{t}].frames[{f}].registers", frame.Registers.Count, limits.MaxListItems, "registers");
                }

                if (frame.Variables?.Count > limits.MaxListItems)
                {
                    problems.CheckCount($"$.threads[{t}].frames[{f}].variables", frame.Variables.Count, limits.MaxListItems, "variables");
                }
            }
        }
    }

    private static void CheckMemory(List<MemoryRegion> memory, SnapshotLimits limits, ProblemList problems)
    {
        problems.CheckCount("$.memory", memory.Count, limits.MaxListItems, "memory regions");
        long total = 0;
        for (var i = 0; i < memory.Count; i++)
        {
            total += memory[i].Bytes.Length;
            if (total > limits.MaxMemoryBytes)
            {
                problems.Add($"$.memory[{i}].bytes", $"captured memory reaches {total} bytes here; the limit for one snapshot is {limits.MaxMemoryBytes} bytes");
                return;
            }
        }
    }

    private static void CheckAttributes(
        string path, Dictionary<string, AttributeValue> attributes, int maxCount, SnapshotLimits limits, ProblemList problems)
    {
        problems.CheckCount(path, attributes.Count, maxCount, "entries");
        foreach (var (key, value) in attributes)
        {
            if (problems.Full)
            {
                return;
            }

            if (AttributeKeys.Problem(key, limits) is { } problem)
            {
                problems.Add(JsonPath.Property(path, key), problem);
            }
            else if (value.Kind == AttributeKind.Number && !double.IsFinite(value.AsNumber))
            {
                problems.Add(JsonPath.Property(path, key), NumberOutOfRange);
            }
        }
    }

    private static void CheckAnnotations(List<Annotation> annotations, SnapshotLimits limits, ProblemList problems)
    {
        problems.CheckCount("$.annotations", annotations.Count, limits.MaxAnnotations, "annotations");
        for (var i = 0; i < annotations.Count && !problems.Full; i++)
        {
            var annotation = annotations[i];
            if (string.IsNullOrWhiteSpace(annotation.Name))
            {
                problems.Add($"$.annotations[{i}].name", "required: a short title for the annotation");
            }

            if (annotation.Text is null && annotation.Json is null)
            {
                problems.Add($"$.annotations[{i}]", "an annotation needs a \"text\" or a \"json\" body");
            }
        }
    }
}
