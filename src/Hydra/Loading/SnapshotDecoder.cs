using Backtrace.Hydra.Cli;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Hydra.Loading;

/// <summary>
/// Turns the bytes of a snapshot document into a <see cref="Snapshot"/> the viewer can trust: well-formed
/// JSON of a known format version, with no null where the viewer expects an object.
/// </summary>
public static class SnapshotDecoder
{
    /// <summary>Parses and checks a snapshot document.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="origin">Where it came from (a file path or a URL), for error messages.</param>
    /// <exception cref="HydraException">The document is not a snapshot this viewer can show; the message names the field.</exception>
    public static Snapshot Decode(ReadOnlySpan<byte> utf8Json, string origin)
    {
        if (utf8Json.IsEmpty)
        {
            throw new HydraException($"{origin} is empty: a snapshot is a JSON document");
        }

        Snapshot snapshot;
        try
        {
            snapshot = SnapshotJson.Deserialize(utf8Json);
        }
        catch (SnapshotFormatException e)
        {
            throw new HydraException($"{origin} is not a valid snapshot: {e.Message}", e);
        }

        if (snapshot.Version != Snapshot.CurrentVersion)
        {
            throw new HydraException(
                $"{origin} is not a valid snapshot: $.version: format version {snapshot.Version} is not supported (this hydra reads version {Snapshot.CurrentVersion})");
        }

        if (FindNull(snapshot) is { } path)
        {
            throw new HydraException($"{origin} is not a valid snapshot: {path}: null is not allowed here");
        }

        return snapshot;
    }

    /// <summary>
    /// System.Text.Json honours nullable annotations on properties but not on list elements, so
    /// <c>"threads": [null]</c> parses; the viewer would then fail far from the cause. Returns the JSON path
    /// of the first null element, or null when there is none.
    /// </summary>
    private static string? FindNull(Snapshot snapshot)
    {
        for (var t = 0; t < snapshot.Threads.Count; t++)
        {
            var thread = snapshot.Threads[t];
            if (thread is null)
            {
                return $"$.threads[{t}]";
            }

            for (var f = 0; f < thread.Frames.Count; f++)
            {
                var frame = thread.Frames[f];
                if (frame is null)
                {
                    return $"$.threads[{t}].frames[{f}]";
                }

                if (frame.Variables is { } variables && variables.IndexOf(null!) is >= 0 and var v)
                {
                    return $"$.threads[{t}].frames[{f}].variables[{v}]";
                }
            }

            if (thread.KernelStack is { } kernel && kernel.IndexOf(null!) is >= 0 and var k)
            {
                return $"$.threads[{t}].kernel_stack[{k}]";
            }
        }

        return FirstNull(snapshot.Modules, "modules")
            ?? FirstNull(snapshot.Mappings, "mappings")
            ?? FirstNull(snapshot.Memory, "memory")
            ?? FirstNull(snapshot.Annotations, "annotations")
            ?? FirstNull(snapshot.Classifiers, "classifiers")
            ?? FirstNull(snapshot.Capture?.Warnings, "capture.warnings")
            ?? FirstNull(snapshot.Process?.CommandLine, "process.command_line")
            ?? FirstNullValue(snapshot.Environment?.Limits, "environment.limits")
            ?? FirstNullValue(snapshot.Environment?.Variables, "environment.variables");
    }

    private static string? FirstNullValue(Dictionary<string, string>? items, string name) =>
        items?.FirstOrDefault(pair => pair.Value is null).Key is { } key ? $"$.{name}.{key}" : null;

    private static string? FirstNull<T>(List<T>? items, string name) where T : class =>
        items?.IndexOf(null!) is >= 0 and var i ? $"$.{name}[{i}]" : null;
}
