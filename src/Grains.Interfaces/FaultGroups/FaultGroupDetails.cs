namespace Backtrace.Grains.FaultGroups;

/// <summary>Everything a fault group knows about itself.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupDetails")]
public sealed record FaultGroupDetails
{
    [Id(0)]
    public required string Project { get; init; }

    [Id(1)]
    public required string Fingerprint { get; init; }

    [Id(2)]
    public required int FingerprintVersion { get; init; }

    /// <summary>Snapshots in the group, each uuid counted once.</summary>
    [Id(3)]
    public required long Count { get; init; }

    /// <summary>Earliest <see cref="SnapshotOccurrence.OccurredAt"/> in the group.</summary>
    [Id(4)]
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Latest <see cref="SnapshotOccurrence.OccurredAt"/> in the group.</summary>
    [Id(5)]
    public required DateTimeOffset LastSeen { get; init; }

    [Id(6)]
    public required FaultGroupStatus Status { get; init; }

    /// <summary>When the status last changed; null while it is the initial <see cref="FaultGroupStatus.Open"/>.</summary>
    [Id(7)]
    public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>How many times a snapshot reopened the resolved group.</summary>
    [Id(8)]
    public required int RegressionCount { get; init; }

    /// <summary>Normalized frames of the group's first snapshot, innermost first.</summary>
    [Id(9)]
    public required IReadOnlyList<string> Callstack { get; init; }

    /// <summary>Classifiers seen in the group, in order of first appearance.</summary>
    [Id(10)]
    public required IReadOnlyList<string> Classifiers { get; init; }

    /// <summary>Most frequent values per attribute, attributes in order of first appearance.</summary>
    [Id(11)]
    public required IReadOnlyList<AttributeTopValues> TopValues { get; init; }

    /// <summary>Snapshots per hour over the last <c>FaultGroupOptions.HourlyActivityHours</c> hours with activity, oldest first.</summary>
    [Id(12)]
    public required IReadOnlyList<ActivityBucket> HourlyActivity { get; init; }

    /// <summary>Snapshots per day over the last <c>FaultGroupOptions.DailyActivityDays</c> days with activity, oldest first.</summary>
    [Id(13)]
    public required IReadOnlyList<ActivityBucket> DailyActivity { get; init; }

    /// <summary>The most recently received snapshots, newest first.</summary>
    [Id(14)]
    public required IReadOnlyList<RecentSnapshot> RecentSnapshots { get; init; }

    /// <summary>State changes, newest first (bounded).</summary>
    [Id(15)]
    public required IReadOnlyList<FaultGroupStatusChanged> StatusHistory { get; init; }
}
