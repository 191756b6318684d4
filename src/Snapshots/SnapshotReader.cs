using System.Text.Json;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Backtrace.Snapshots.Reports;
using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots;

/// <summary>
/// The front door for untrusted snapshot documents: checks the raw text (well-formed JSON, valid UTF-8,
/// string lengths, nesting), reads the document, then checks the result against format v1's rules and
/// the <see cref="SnapshotLimits"/>. Everything that receives snapshots from outside reads them here.
/// </summary>
public static class SnapshotReader
{
    /// <summary>Reads a native snapshot (format v1, docs/snapshot-format.md).</summary>
    /// <exception cref="SnapshotFormatException">The document is not a valid snapshot; its problems carry JSON paths.</exception>
    public static Snapshot ReadNative(ReadOnlySpan<byte> utf8Json, SnapshotLimits limits)
    {
        utf8Json = SkipByteOrderMark(utf8Json);
        JsonPreflight.Check(utf8Json, limits, "bytes"u8);
        var snapshot = SnapshotJson.Deserialize(utf8Json);
        ThrowIfInvalid(snapshot, limits);
        return snapshot;
    }

    /// <summary>
    /// Reads a Backtrace JSON crash report (what Backtrace client libraries send to <c>/post?format=json</c>)
    /// and maps it into the native model.
    /// </summary>
    /// <param name="utf8Json">The report.</param>
    /// <param name="limits">Bounds on the document.</param>
    /// <param name="extraAttributes">Attributes sent beside the report (query-string parameters or form
    /// fields); they override the report's attributes of the same name.</param>
    /// <exception cref="SnapshotFormatException">The report is malformed; paths are the report's own (<c>$.threads.main.stack[0]</c>).</exception>
    public static Snapshot ReadBacktraceReport(
        ReadOnlyMemory<byte> utf8Json, SnapshotLimits limits, IReadOnlyList<KeyValuePair<string, string>>? extraAttributes = null)
    {
        if (utf8Json.Span.StartsWith(ByteOrderMark))
        {
            utf8Json = utf8Json[ByteOrderMark.Length..];
        }

        JsonPreflight.Check(utf8Json.Span, limits, "data"u8);
        using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 1 });
        var snapshot = BacktraceReportMapper.Map(document.RootElement, limits, extraAttributes);
        ThrowIfInvalid(snapshot, limits);
        return snapshot;
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>A UTF-8 byte order mark is legal before JSON text (RFC 8259 lets readers ignore it).</summary>
    private static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> json) =>
        json.StartsWith(ByteOrderMark) ? json[ByteOrderMark.Length..] : json;

    private static void ThrowIfInvalid(Snapshot snapshot, SnapshotLimits limits)
    {
        var problems = SnapshotValidator.Validate(snapshot, limits);
        if (problems.Count > 0)
        {
            throw new SnapshotFormatException(problems);
        }
    }
}
