namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// Persistent state of a <see cref="FaultGroupGrain"/>: everything folded from the group's snapshots (every
/// ordinal up to <see cref="Watermark"/>, and those in <see cref="Ahead"/>), plus the workflow state, which
/// only the grain decides.
/// </summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupState")]
public sealed class FaultGroupState
{
    /// <summary>Snapshots folded in: <see cref="Watermark"/> plus the size of <see cref="Ahead"/>.</summary>
    [Id(0)]
    public long Count { get; set; }

    [Id(1)]
    public int FingerprintVersion { get; set; }

    [Id(2)]
    public DateTimeOffset FirstSeen { get; set; }

    [Id(3)]
    public DateTimeOffset LastSeen { get; set; }

    [Id(4)]
    public FaultGroupStatus Status { get; set; }

    [Id(5)]
    public DateTimeOffset? StatusChangedAt { get; set; }

    [Id(6)]
    public int RegressionCount { get; set; }

    [Id(7)]
    public List<string> Callstack { get; set; } = [];

    [Id(8)]
    public List<string> Classifiers { get; set; } = [];

    [Id(9)]
    public List<AttributeCounts> TopValues { get; set; } = [];

    /// <summary>Snapshots per hour, keyed by hours since the Unix epoch.</summary>
    [Id(10)]
    public Dictionary<long, long> Hourly { get; set; } = [];

    /// <summary>Snapshots per day, keyed by days since the Unix epoch.</summary>
    [Id(11)]
    public Dictionary<long, long> Daily { get; set; } = [];

    /// <summary>Most recently received first.</summary>
    [Id(12)]
    public List<RecentSnapshot> Recent { get; set; } = [];

    /// <summary>Newest first.</summary>
    [Id(13)]
    public List<FaultGroupStatusChanged> History { get; set; } = [];

    /// <summary>Every ordinal up to this one is folded (ordinals are dense from 1).</summary>
    [Id(14)]
    public long Watermark { get; set; }

    /// <summary>Ordinals above <see cref="Watermark"/> already folded: snapshots recorded at nearly the same time
    /// reach the group in any order, and each is folded as it arrives.</summary>
    [Id(15)]
    public HashSet<long> Ahead { get; set; } = [];

    /// <summary>True when the snapshot with this ordinal is already folded in.</summary>
    public bool HasFolded(long ordinal) => ordinal <= Watermark || Ahead.Contains(ordinal);
}
