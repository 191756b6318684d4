using Backtrace.LocalServices;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Index;
using Backtrace.Storage.Postgres.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Backtrace.Cluster.Tests.ClusterMode;

public sealed class ClusterModeTests(PostgresFixture postgres, AzuriteFixture azurite)
    : IClassFixture<PostgresFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task GrainState_LivesInBlobStorage_AndOutlivesTheSiloThatWroteIt()
    {
        var hosts = new ClusterHosts(await postgres.Server.CreateDatabaseAsync(), azurite.Server.ConnectionString);
        var firstSilo = await hosts.StartSiloAsync();
        using var client = await hosts.StartClientAsync();
        var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("crashes");
        await counter.Increment();
        Assert.Equal(2, await counter.Increment());

        // A second silo joins, the first leaves: the grain reactivates there and reads its state back.
        using var secondSilo = await hosts.StartSiloAsync();
        await firstSilo.StopAsync();
        firstSilo.Dispose();

        await Eventually.TrueAsync(async () => await counter.Get() == 2, TimeSpan.FromSeconds(60), "the counter read back on the second silo");
        Assert.Equal(3, await counter.Increment());
    }

    [Fact]
    public async Task SilosAndClients_GetTheClusterStores_AndReportReady()
    {
        var hosts = new ClusterHosts(await postgres.Server.CreateDatabaseAsync(), azurite.Server.ConnectionString);
        using var silo = await hosts.StartSiloAsync();
        using var client = await hosts.StartClientAsync();

        foreach (var host in new[] { silo, client })
        {
            Assert.IsType<Storage.AzureBlob.BlobSnapshotBodyStore>(host.Services.GetRequiredService<ISnapshotBodyStore>());
            Assert.IsType<PostgresSnapshotIndex>(host.Services.GetRequiredService<ISnapshotIndex>());
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.True(report.Status == HealthStatus.Healthy,
                string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description} {e.Value.Exception?.Message}")));
        }

        // What one process stores, another reads: the stores are shared, not per process.
        var uuid = Guid.NewGuid();
        Assert.True(await silo.Services.GetRequiredService<ISnapshotBodyStore>().PutAsync("web", uuid, new byte[] { 42 }));
        Assert.True(await client.Services.GetRequiredService<ISnapshotBodyStore>().ExistsAsync("web", uuid));
    }
}
