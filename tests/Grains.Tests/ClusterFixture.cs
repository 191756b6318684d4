namespace Backtrace.Grains.Tests;

/// <summary>One cluster shared by the tests of the "cluster" collection; every test works in its own project.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "backtrace-grain-tests", Guid.NewGuid().ToString("N"));

    public BacktraceCluster Backtrace { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Backtrace = await BacktraceCluster.StartAsync(DataDirectory, flushInterval: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync()
    {
        await Backtrace.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
