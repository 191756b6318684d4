using System.Text.Json;
using Backtrace.Snapshots.Json;

namespace Backtrace.Analysis.Server;

/// <summary>
/// The JSON form of <see cref="ServerAnalysis"/>: the snapshot format's conventions (snake_case, hex-string
/// addresses, nulls omitted), so its annotations and frames read exactly like a snapshot's.
/// </summary>
public static class ServerAnalysisJson
{
    /// <summary>Writes the document as UTF-8 JSON.</summary>
    public static byte[] Serialize(ServerAnalysis analysis) =>
        JsonSerializer.SerializeToUtf8Bytes(analysis, ServerAnalysisJsonContext.Default.ServerAnalysis);

    /// <summary>Reads a document written by <see cref="Serialize"/>.</summary>
    /// <exception cref="SnapshotFormatException">The document is malformed (it was written by the server, so this means damage).</exception>
    public static ServerAnalysis Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, ServerAnalysisJsonContext.Default.ServerAnalysis)
                ?? throw new SnapshotFormatException("$", "a server analysis document must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw new SnapshotFormatException(e.Path ?? "$", "malformed server analysis document: " + e.Message, e);
        }
    }
}
