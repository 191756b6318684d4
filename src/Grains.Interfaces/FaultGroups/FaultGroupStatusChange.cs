namespace Backtrace.Grains.FaultGroups;

/// <summary>A request to move a group to another workflow state.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.FaultGroupStatusChange")]
public sealed record FaultGroupStatusChange
{
    [Id(0)]
    public required FaultGroupStatus Status { get; init; }

    /// <summary>Who asked (a user name or token id), kept in the group's history. At most 200 characters.</summary>
    [Id(1)]
    public string? ChangedBy { get; init; }

    /// <summary>Why, kept in the history. At most 2000 characters.</summary>
    [Id(2)]
    public string? Comment { get; init; }
}
