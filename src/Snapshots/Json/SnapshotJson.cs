using System.Text.Json;
using Backtrace.Snapshots.Model;

namespace Backtrace.Snapshots.Json;

/// <summary>Reads and writes snapshots in their JSON form.</summary>
public static class SnapshotJson
{
    /// <summary>Deepest JSON nesting accepted. The model itself nests about 8 levels; annotation JSON bodies get the rest.</summary>
    public const int MaxDepth = 64;

    /// <summary>Writes a snapshot as UTF-8 JSON.</summary>
    public static byte[] Serialize(Snapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(snapshot, SnapshotJsonContext.Default.Snapshot);

    /// <summary>Writes a snapshot as UTF-8 JSON to a stream.</summary>
    public static void Serialize(Stream stream, Snapshot snapshot) =>
        JsonSerializer.Serialize(stream, snapshot, SnapshotJsonContext.Default.Snapshot);

    /// <summary>Parses UTF-8 JSON into a snapshot.</summary>
    /// <exception cref="SnapshotFormatException">The document is not a well-formed snapshot; the message names the field.</exception>
    public static Snapshot Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, SnapshotJsonContext.Default.Snapshot)
                ?? throw new SnapshotFormatException("$", "a snapshot must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException(e.Path ?? "$", Reason(e), e);
        }
    }

    /// <summary>
    /// The reason part of a <see cref="JsonException"/>: System.Text.Json appends
    /// " Path: ... | LineNumber: ..." to its own messages, which <see cref="SnapshotFormatException"/> states
    /// separately, and names .NET types where a sender needs JSON terms.
    /// </summary>
    internal static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        message = JsonTerms.Explain(cut >= 0 ? message[..cut].TrimEnd() : message);
        return e.LineNumber is { } line ? $"{message} (line {line + 1}, byte {e.BytePositionInLine + 1})" : message;
    }

    /// <summary><see cref="Reason"/> for a syntax error from a raw reader.</summary>
    internal static string DescribeReaderError(JsonException e) => $"malformed JSON: {Reason(e)}";
}
