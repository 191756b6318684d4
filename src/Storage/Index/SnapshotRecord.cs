using Backtrace.Snapshots.Model;

namespace Backtrace.Storage.Index;

/// <summary>One snapshot's row in the query index: what it is grouped by and what it can be queried by.</summary>
public sealed record SnapshotRecord
{
    public required string Project { get; init; }

    public required Guid Uuid { get; init; }

    /// <summary>The fault group (64 lower-case hex characters).</summary>
    public required string Fingerprint { get; init; }

    public required int FingerprintVersion { get; init; }

    /// <summary>When the crash happened (the snapshot's timestamp, never later than <see cref="ReceivedAt"/>).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the server received it.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Wire format of the submission (<c>native</c>, <c>backtrace-json</c>, ...).</summary>
    public required string SourceFormat { get; init; }

    public string? Application { get; init; }

    public string? ApplicationVersion { get; init; }

    public string? Hostname { get; init; }

    /// <summary>Classifiers: the signal's first, then the snapshot's own.</summary>
    public required IReadOnlyList<string> Classifiers { get; init; }

    /// <summary>The snapshot's attributes, typed.</summary>
    public required IReadOnlyDictionary<string, AttributeValue> Attributes { get; init; }

    /// <summary>The normalized frames the fingerprint was computed from, innermost first.</summary>
    public required IReadOnlyList<string> Callstack { get; init; }

    /// <summary>Size of the stored body in bytes.</summary>
    public required long BodySize { get; init; }

    /// <summary>Position in its group, 1-based and dense. Assigned by <see cref="ISnapshotIndex.RecordAsync"/>; ignored on input.</summary>
    public long GroupOrdinal { get; init; }
}
