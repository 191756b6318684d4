using System.Globalization;
using System.Text.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Reports;

/// <summary>
/// Maps a Backtrace report's <c>threads</c> map and <c>mainThread</c> into native threads. The main
/// thread comes first. Thread ids are the map's keys when every key is a decimal number, otherwise
/// each thread's 1-based position in the report (keys such as <c>"main"</c> are names, not ids).
/// </summary>
internal static class BacktraceThreadMapper
{
    public static void Read(ReportNode report, Snapshot snapshot, Dictionary<string, string> sourceFiles, SnapshotLimits limits)
    {
        var mainThread = report.String("mainThread");
        if (report.Field("threads") is not { } threadsNode)
        {
            if (mainThread is not null)
            {
                throw report.Fail("mainThread", $"names thread '{mainThread}', but the report has no threads");
            }

            return;
        }

        var entries = threadsNode.Expect(JsonValueKind.Object).Members(limits.MaxThreads, "threads").ToList();
        if (mainThread is not null && !entries.Exists(e => e.Name == mainThread))
        {
            throw report.Fail("mainThread", $"names thread '{mainThread}', which is not a key of $.threads");
        }

        var numericIds = entries.TrueForAll(e => long.TryParse(e.Name, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var threads = new List<SnapshotThread>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, node) = entries[i];
            var tid = numericIds ? long.Parse(key, CultureInfo.InvariantCulture) : i + 1;
            var thread = ReadThread(key, tid, node.Expect(JsonValueKind.Object), sourceFiles, limits);
            if (key == mainThread)
            {
                threads.Insert(0, thread);
            }
            else
            {
                threads.Add(thread);
            }
        }

        // The main thread is "the thread that triggered the error": when no thread says it faulted, it did.
        if (mainThread is not null && !threads.Exists(t => t.Faulted))
        {
            threads[0].Faulted = true;
        }

        snapshot.Threads = threads;
    }

    private static SnapshotThread ReadThread(string key, long tid, ReportNode node, Dictionary<string, string> sourceFiles, SnapshotLimits limits)
    {
        var thread = new SnapshotThread
        {
            Tid = tid,
            Name = node.String("name") is { Length: > 0 } name ? name : key,
            Faulted = node.Boolean("fault") ?? false,
        };

        if (node.Field("stack") is { } stack)
        {
            foreach (var frameNode in stack.Expect(JsonValueKind.Array).Items(limits.MaxFramesPerThread, "frames"))
            {
                thread.Frames.Add(ReadFrame(frameNode.Expect(JsonValueKind.Object), sourceFiles, limits, out var faulted));
                thread.Faulted |= faulted;
            }
        }

        return thread;
    }

    private static SnapshotFrame ReadFrame(ReportNode node, Dictionary<string, string> sourceFiles, SnapshotLimits limits, out bool faulted)
    {
        var function = node.String("funcName");
        var address = node.UInt64("address");
        if (function is null && address is null)
        {
            throw node.Fail("a frame needs \"funcName\" or \"address\"");
        }

        faulted = node.Boolean("faulted") ?? false;
        var sourceId = node.String("sourceCode");
        return new SnapshotFrame
        {
            Pc = address ?? 0,
            Function = function,
            Module = node.String("library"),
            Line = node.Int32("line"),
            Column = node.Int32("column"),
            File = sourceId is not null && sourceFiles.TryGetValue(sourceId, out var file) ? file : null,
            Trust = node.Boolean("guessed_frame") == true ? FrameTrust.Scan : null,
            Registers = ReadRegisters(node, limits),
        };
    }

    /// <summary>Registers whose values are integers (numbers, decimal or hex strings); Backtrace lets
    /// clients send other register types as free-form strings, which the native model cannot hold.</summary>
    private static Dictionary<string, ulong>? ReadRegisters(ReportNode node, SnapshotLimits limits)
    {
        if (node.Field("registers") is not { } registers)
        {
            return null;
        }

        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (name, value) in registers.Expect(JsonValueKind.Object).Members(limits.MaxListItems, "registers"))
        {
            ulong? number = value.Kind switch
            {
                JsonValueKind.Number when value.Element.TryGetUInt64(out var unsigned) => unsigned,
                JsonValueKind.Number when value.Element.TryGetInt64(out var signed) => unchecked((ulong)signed),
                JsonValueKind.String => ReportNode.ParseUInt64(value.Element.GetString()!),
                _ => null,
            };
            if (number is { } known)
            {
                values[name] = known;
            }
        }

        return values;
    }
}
