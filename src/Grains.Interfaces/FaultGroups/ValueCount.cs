namespace Backtrace.Grains.FaultGroups;

/// <summary>How many of a group's snapshots had an attribute with this value.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.ValueCount")]
public sealed record ValueCount(
    [property: Id(0)] string Value,
    [property: Id(1)] long Count);
