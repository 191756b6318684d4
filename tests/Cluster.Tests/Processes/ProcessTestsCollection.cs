namespace Backtrace.Cluster.Tests.Processes;

/// <summary>
/// Tests that run whole clusters of processes and time their recovery: they run one at a time, after the
/// other tests of this assembly, so their timings are not disturbed by each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestsCollection
{
    public const string Name = "Cluster processes";
}
