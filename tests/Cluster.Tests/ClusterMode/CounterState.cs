namespace Backtrace.Cluster.Tests.ClusterMode;

[GenerateSerializer]
[Alias("Backtrace.Cluster.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}
