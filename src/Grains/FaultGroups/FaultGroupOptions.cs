namespace Backtrace.Grains.FaultGroups;

/// <summary>
/// How fault group grains keep their state. Bound from the configuration section <see cref="Section"/>.
/// The bounds keep one group's state small however many snapshots it receives.
/// </summary>
public sealed class FaultGroupOptions
{
    /// <summary>Configuration section: <c>Backtrace:FaultGroups</c>.</summary>
    public const string Section = "Backtrace:FaultGroups";

    /// <summary>
    /// How long a group may hold counted snapshots in memory before it writes its state (default 2 s).
    /// Nothing acknowledged is lost meanwhile: the query index is the ledger, and a group that restarts
    /// folds in every snapshot recorded after its last write. Status changes are written at once. Zero writes on every snapshot.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a gap in a group's snapshot ordinals may last before the group reads the missing snapshots from
    /// the index (default 10 s). Concurrent snapshots arrive out of order and fill such gaps within milliseconds;
    /// one that lasts means a caller died between recording a snapshot and telling its group.
    /// </summary>
    public TimeSpan GapTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attributes tracked for top values per group (default 32); later new attributes are not tracked.</summary>
    public int MaxTrackedAttributes { get; set; } = 32;

    /// <summary>Distinct values tracked per attribute (default 32); values first seen after that count as "other".</summary>
    public int MaxValuesPerAttribute { get; set; } = 32;

    /// <summary>Longest attribute value kept for top values (default 200 characters); longer ones are cut.</summary>
    public int MaxValueLength { get; set; } = 200;

    /// <summary>Hours of hourly activity kept (default 72).</summary>
    public int HourlyActivityHours { get; set; } = 72;

    /// <summary>Days of daily activity kept (default 90).</summary>
    public int DailyActivityDays { get; set; } = 90;

    /// <summary>Recent snapshot ids kept (default 20).</summary>
    public int RecentSnapshots { get; set; } = 20;

    /// <summary>Status changes kept in the history (default 50).</summary>
    public int StatusHistory { get; set; } = 50;
}
