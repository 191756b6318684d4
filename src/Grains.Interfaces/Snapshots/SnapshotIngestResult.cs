namespace Backtrace.Grains.Snapshots;

/// <summary>The outcome of ingesting one snapshot. Returned only once the snapshot is durable.</summary>
// Never changed after it is built: passed without a copy inside a process (one per snapshot).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.Snapshots.SnapshotIngestResult")]
public sealed record SnapshotIngestResult
{
    [Id(0)]
    public required string Project { get; init; }

    [Id(1)]
    public required Guid Uuid { get; init; }

    /// <summary>The fault group the snapshot belongs to (64 lower-case hex characters).</summary>
    [Id(2)]
    public required string Fingerprint { get; init; }

    /// <summary>Fingerprint algorithm version that produced <see cref="Fingerprint"/> (0 for a client-supplied fingerprint).</summary>
    [Id(3)]
    public required int FingerprintVersion { get; init; }

    /// <summary>True when this uuid had already been ingested: nothing was stored or counted again, and the
    /// other fields describe the first submission.</summary>
    [Id(4)]
    public required bool Duplicate { get; init; }

    /// <summary>True when this snapshot created its fault group.</summary>
    [Id(5)]
    public required bool NewGroup { get; init; }

    /// <summary>True when the group was resolved and this snapshot reopened it.</summary>
    [Id(6)]
    public required bool Regressed { get; init; }

    /// <summary>Classifiers: the signal's (<c>segv</c>, <c>abort</c>, ...) followed by the snapshot's own.</summary>
    [Id(7)]
    public required IReadOnlyList<string> Classifiers { get; init; }

    /// <summary>The group's snapshot count once this one is included.</summary>
    [Id(8)]
    public required long GroupCount { get; init; }
}
