namespace Backtrace.Grains.FaultGroups;

/// <summary>The most frequent values of one attribute in a group, most frequent first.</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.AttributeTopValues")]
public sealed record AttributeTopValues
{
    [Id(0)]
    public required string Attribute { get; init; }

    [Id(1)]
    public required IReadOnlyList<ValueCount> Values { get; init; }

    /// <summary>Snapshots whose value is not among the tracked ones (the group tracks a bounded number of
    /// distinct values per attribute; values first seen after that bound is reached count here).</summary>
    [Id(2)]
    public required long OtherCount { get; init; }
}
