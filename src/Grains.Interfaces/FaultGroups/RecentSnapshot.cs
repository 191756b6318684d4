namespace Backtrace.Grains.FaultGroups;

/// <summary>A recent snapshot of a group.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.RecentSnapshot")]
public sealed record RecentSnapshot(
    [property: Id(0)] Guid Uuid,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] DateTimeOffset ReceivedAt);
