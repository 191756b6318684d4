namespace Backtrace.Grains.FaultGroups;

/// <summary>One snapshot as its fault group sees it. Sent by the snapshot grain after the query index
/// recorded the snapshot and numbered it within its group.</summary>
// Built for one call and never changed after: passed without a copy inside a process (one per snapshot).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.FaultGroups.SnapshotOccurrence")]
public sealed record SnapshotOccurrence
{
    [Id(0)]
    public required Guid Uuid { get; init; }

    /// <summary>Position of the snapshot in its group, 1-based and dense, assigned by the query index: the
    /// group uses it to count each snapshot exactly once and to notice snapshots it missed.</summary>
    [Id(1)]
    public required long Ordinal { get; init; }

    /// <summary>When the crash happened (the snapshot's timestamp, never later than <see cref="ReceivedAt"/>).</summary>
    [Id(2)]
    public required DateTimeOffset OccurredAt { get; init; }

    [Id(3)]
    public required DateTimeOffset ReceivedAt { get; init; }

    [Id(4)]
    public required int FingerprintVersion { get; init; }

    /// <summary>The snapshot's attributes as display text, for the group's top values.</summary>
    [Id(5)]
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    [Id(6)]
    public required IReadOnlyList<string> Classifiers { get; init; }

    /// <summary>The normalized frames the fingerprint was computed from, innermost first.</summary>
    [Id(7)]
    public required IReadOnlyList<string> Callstack { get; init; }
}
