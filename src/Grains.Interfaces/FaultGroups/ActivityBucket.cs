namespace Backtrace.Grains.FaultGroups;

/// <summary>Snapshots of a group that occurred in one hour or one day (UTC), by <see cref="Start"/>.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.ActivityBucket")]
public sealed record ActivityBucket(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] long Count);
