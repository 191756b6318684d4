namespace Backtrace.Grains.FaultGroups;

/// <summary>An entry of a group's state history: a manual change or a regression.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupStatusChanged")]
public sealed record FaultGroupStatusChanged
{
    [Id(0)]
    public required FaultGroupStatus From { get; init; }

    [Id(1)]
    public required FaultGroupStatus To { get; init; }

    [Id(2)]
    public required DateTimeOffset At { get; init; }

    /// <summary>Who changed it; null for a regression.</summary>
    [Id(3)]
    public string? ChangedBy { get; init; }

    [Id(4)]
    public string? Comment { get; init; }

    /// <summary>True when a new snapshot reopened the resolved group.</summary>
    [Id(5)]
    public bool Regression { get; init; }

    /// <summary>For a regression, the snapshot that reopened the group.</summary>
    [Id(6)]
    public Guid? Snapshot { get; init; }
}
