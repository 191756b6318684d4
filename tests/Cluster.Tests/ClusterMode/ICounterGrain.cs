namespace Backtrace.Cluster.Tests.ClusterMode;

/// <summary>A grain with persistent state, to prove where cluster mode keeps grain state.</summary>
[Alias("Backtrace.Cluster.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<int> Increment();

    [Alias("Get")]
    Task<int> Get();
}
