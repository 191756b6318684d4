namespace Backtrace.Snapshots.Model;

/// <summary>An error reported by a language runtime or client library (an exception, an assertion).</summary>
public sealed class SnapshotError
{
    /// <summary>Error or exception type, e.g. <c>TypeError</c>.</summary>
    public string? Type { get; set; }

    public string? Message { get; set; }
}
