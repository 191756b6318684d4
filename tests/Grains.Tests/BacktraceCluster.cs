using Backtrace.Grains.Projects;
using Backtrace.Grains.Snapshots;
using Backtrace.Hosting;
using Backtrace.Snapshots.Json;
using Backtrace.Snapshots.Model;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Backtrace.Grains.Tests;

/// <summary>
/// An in-process test cluster with the real embedded storage (SQLite and files) in a data directory, which
/// outlives the cluster so that a second cluster on the same directory shows what survives a restart.
/// </summary>
public sealed class BacktraceCluster : IAsyncDisposable
{
    private BacktraceCluster(TestCluster cluster, string dataDirectory)
    {
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public TestCluster Cluster { get; }

    public string DataDirectory { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts a one-silo cluster on <paramref name="dataDirectory"/> (free ports are picked by the test host), with
    /// extra configuration <paramref name="settings"/>.</summary>
    public static async Task<BacktraceCluster> StartAsync(string dataDirectory, TimeSpan flushInterval, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = "backtrace-tests";
        builder.Options.ClusterId = "tests-" + Guid.NewGuid().ToString("N")[..8];
        builder.Properties["DataDirectory"] = dataDirectory;
        builder.Properties["Backtrace:FaultGroups:FlushInterval"] = flushInterval.ToString("c");
        builder.Properties["Backtrace:FaultGroups:GapTimeout"] = "00:00:01";

        // Webhook retries within a test's patience.
        builder.Properties["Backtrace:Notifications:RetryInitialDelay"] = "00:00:00.200";
        builder.Properties["Backtrace:Notifications:RetryMaxDelay"] = "00:00:01";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new BacktraceCluster(cluster, dataDirectory);
    }

    /// <summary>A service of the (only) silo: the stores, to check what the grains wrote.</summary>
    public T Service<T>()
        where T : notnull => Cluster.GetSiloServiceProvider().GetRequiredService<T>();

    /// <summary>Creates a project with a unique name, so tests sharing the cluster never see each other's data.</summary>
    public async Task<string> NewProjectAsync(ProjectSettings? settings = null)
    {
        var name = "p-" + Guid.NewGuid().ToString("N")[..12];
        await Grains.GetGrain<IProjectGrain>(name).EnsureCreatedAsync(settings ?? new ProjectSettings());
        return name;
    }

    public Task<SnapshotIngestResult> SubmitAsync(string project, Snapshot snapshot, DateTimeOffset? receivedAt = null) =>
        SubmitAsync(project, snapshot.Uuid, SnapshotJson.Serialize(snapshot), receivedAt);

    public Task<SnapshotIngestResult> SubmitAsync(string project, Guid uuid, byte[] body, DateTimeOffset? receivedAt = null) =>
        Grains.GetGrain<ISnapshotGrain>(project).IngestAsync(
            new SnapshotSubmission { Uuid = uuid, Body = body },
            new SnapshotReceipt { ReceivedAt = receivedAt ?? DateTimeOffset.UtcNow, SourceFormat = "native", TokenId = "test" });

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var dataDirectory = siloBuilder.Configuration["DataDirectory"] ?? throw new InvalidOperationException("DataDirectory property missing");
            siloBuilder.AddBacktraceGrains();
            siloBuilder.Services.AddBacktraceEmbeddedStorage(dataDirectory);
        }
    }
}
