using Backtrace.Snapshots.Validation;

namespace Backtrace.Snapshots.Json;

/// <summary>
/// A snapshot document that cannot be read: malformed JSON, a wrong type, a value out of range, a
/// limit exceeded. <see cref="Path"/> names the offending field (<c>$.threads[0].frames[2].pc</c>) so
/// that the gateway and the command-line tools can tell the sender precisely what to fix.
/// </summary>
public sealed class SnapshotFormatException : Exception
{
    /// <summary>One problem at one path.</summary>
    public SnapshotFormatException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
        Problems = [new SnapshotProblem(path, reason)];
    }

    /// <summary>Several problems found in one pass; the first one is the exception's message.</summary>
    public SnapshotFormatException(IReadOnlyList<SnapshotProblem> problems)
        : base(problems.Count > 0 ? problems[0].ToString() : throw new ArgumentException("at least one problem", nameof(problems)))
    {
        Path = problems[0].Path;
        Reason = problems[0].Reason;
        Problems = problems;
    }

    /// <summary>JSON path of the (first) offending value; <c>$</c> for the document as a whole.</summary>
    public string Path { get; }

    /// <summary>What is wrong with the (first) value, without the path.</summary>
    public string Reason { get; }

    /// <summary>Every problem found, at least one. Readers stop after a bounded number.</summary>
    public IReadOnlyList<SnapshotProblem> Problems { get; }
}
