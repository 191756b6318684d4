namespace Backtrace.Grains.FaultGroups;

/// <summary>What a fault group reports back after recording a snapshot.</summary>
// Never changed after it is built: passed without a copy inside a process (one per snapshot).
[GenerateSerializer]
[Immutable]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupRecordResult")]
public sealed record FaultGroupRecordResult
{
    /// <summary>The group's snapshot count including this one.</summary>
    [Id(0)]
    public required long Count { get; init; }

    /// <summary>True when this snapshot reopened a resolved group.</summary>
    [Id(1)]
    public required bool Regressed { get; init; }

    [Id(2)]
    public required FaultGroupStatus Status { get; init; }
}
