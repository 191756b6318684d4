namespace Backtrace.Snapshots.Validation;

/// <summary>One thing wrong with a snapshot document: where (a JSON path such as <c>$.threads[0].frames[2].pc</c>) and what.</summary>
/// <param name="Path">JSON path of the offending value; <c>$</c> for the document as a whole.</param>
/// <param name="Reason">What is wrong, phrased so that the sender knows what to fix.</param>
public readonly record struct SnapshotProblem(string Path, string Reason)
{
    /// <summary><c>path: reason</c>.</summary>
    public override string ToString() => $"{Path}: {Reason}";
}
