namespace Backtrace.Snapshots.Validation;

/// <summary>
/// Bounds on what one snapshot document may hold. Snapshots are untrusted input: every reader of the
/// wire format checks these before anything is stored, so a hostile or broken sender cannot make the
/// server hold giant strings, millions of frames or unbounded nesting. The body size itself is bounded
/// by whoever receives the bytes (the gateway's request limit). Defaults are generous for real crashes
/// of large programs; docs/snapshot-format.md lists them.
/// </summary>
public sealed class SnapshotLimits
{
    /// <summary>The defaults, for callers that do not configure limits.</summary>
    public static SnapshotLimits Default { get; } = new();

    /// <summary>
    /// Deepest JSON nesting, counting the document's own object as 1. The model needs about 6 levels;
    /// the rest is for annotation JSON bodies. At most <see cref="Json.SnapshotJson.MaxDepth"/>.
    /// </summary>
    public int MaxDepth { get; set; } = Json.SnapshotJson.MaxDepth;

    /// <summary>
    /// Longest string anywhere in the document, in UTF-8 bytes after unescaping: names, paths,
    /// annotation text, strings inside annotation JSON, property names. Memory contents (base64) are
    /// bounded by <see cref="MaxMemoryBytes"/> instead.
    /// </summary>
    public int MaxStringBytes { get; set; } = 64 * 1024;

    /// <summary>Most threads in one snapshot.</summary>
    public int MaxThreads { get; set; } = 4096;

    /// <summary>Most frames in one thread's stack (deep recursion is cut by the capture agent, not here).</summary>
    public int MaxFramesPerThread { get; set; } = 4096;

    /// <summary>Most attributes (indexed key/value pairs) in one snapshot.</summary>
    public int MaxAttributes { get; set; } = 1024;

    /// <summary>Longest attribute key, in characters. Keys are index column names, so they stay short.</summary>
    public int MaxAttributeKeyLength { get; set; } = 256;

    /// <summary>Most annotations in one snapshot.</summary>
    public int MaxAnnotations { get; set; } = 1024;

    /// <summary>Most captured memory bytes in one snapshot, summed over every memory region (decoded, not base64).</summary>
    public int MaxMemoryBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most entries in any other list or map: modules, mappings, memory regions, classifiers, registers,
    /// variables, command-line arguments, environment maps, warnings, kernel stack lines.
    /// </summary>
    public int MaxListItems { get; set; } = 65_536;

    /// <summary>Checks that every limit is usable; returns one message per bad setting, naming how to fix it.</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (MaxDepth is < 8 or > Json.SnapshotJson.MaxDepth)
        {
            problems.Add($"{nameof(MaxDepth)} is {MaxDepth}: set it between 8 (the model's own nesting) and {Json.SnapshotJson.MaxDepth}");
        }

        Positive(problems, nameof(MaxStringBytes), MaxStringBytes);
        Positive(problems, nameof(MaxThreads), MaxThreads);
        Positive(problems, nameof(MaxFramesPerThread), MaxFramesPerThread);
        Positive(problems, nameof(MaxAttributes), MaxAttributes);
        Positive(problems, nameof(MaxAttributeKeyLength), MaxAttributeKeyLength);
        Positive(problems, nameof(MaxAnnotations), MaxAnnotations);
        Positive(problems, nameof(MaxListItems), MaxListItems);
        if (MaxMemoryBytes < 0)
        {
            problems.Add($"{nameof(MaxMemoryBytes)} is {MaxMemoryBytes}: set it to 0 (no memory contents) or more");
        }

        return problems;
    }

    private static void Positive(List<string> problems, string name, int value)
    {
        if (value < 1)
        {
            problems.Add($"{name} is {value}: set it to 1 or more");
        }
    }
}
