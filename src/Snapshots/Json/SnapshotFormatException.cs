namespace Backtrace.Snapshots.Json;

/// <summary>
/// A snapshot document that cannot be read: malformed JSON, a wrong type, a value out of range.
/// <see cref="Path"/> names the offending field (<c>$.threads[0].frames[2].pc</c>) so that the
/// gateway and the command-line tools can tell the sender precisely what to fix.
/// </summary>
public sealed class SnapshotFormatException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    /// <summary>JSON path of the offending value; <c>$</c> for the document as a whole.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with the value, without the path.</summary>
    public string Reason { get; } = reason;
}
