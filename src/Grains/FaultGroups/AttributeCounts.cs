namespace Backtrace.Grains.FaultGroups;

/// <summary>Counts of one attribute's values within a group, bounded (see <see cref="FaultGroupOptions.MaxValuesPerAttribute"/>).</summary>
[GenerateSerializer]
[Alias("Backtrace.Grains.FaultGroups.AttributeCounts")]
public sealed class AttributeCounts
{
    [Id(0)]
    public string Attribute { get; set; } = "";

    [Id(1)]
    public Dictionary<string, long> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Snapshots whose value arrived after the tracked values were full.</summary>
    [Id(2)]
    public long Other { get; set; }
}
