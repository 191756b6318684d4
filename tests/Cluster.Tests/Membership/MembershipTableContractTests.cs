using System.Net;
using Backtrace.Cluster.Membership;
using Backtrace.LocalServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;

namespace Backtrace.Cluster.Tests.Membership;

/// <summary>
/// Drives the real Orleans ADO.NET membership table against our schema, one query key at a time,
/// including the paths a healthy two-silo start never takes (stale versions, suspicions, cleanup).
/// </summary>
public sealed class MembershipTableContractTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task EveryQuery_KeepsTheProvidersContract()
    {
        var (table, clusterId, database) = await CreateTableAsync();

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);

        var first = Entry(1, SiloStatus.Active, DateTime.UtcNow);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next()));
        // The version moved on: a writer holding the old one must fail, and change nothing.
        Assert.False(await table.InsertRowAsync(Entry(2, SiloStatus.Active, DateTime.UtcNow), empty.Version.Next()));

        var afterInsert = await table.ReadAllAsync();
        var (read, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal(first.SiloAddress, read.SiloAddress);
        Assert.Equal((first.SiloName, first.HostName, first.Status, first.ProxyPort), (read.SiloName, read.HostName, read.Status, read.ProxyPort));
        Assert.Equal(first.StartTime, read.StartTime, TimeSpan.FromMilliseconds(1));

        // A suspicion is written with the version it was decided on.
        var suspector = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 40_000), 7);
        read.AddOrUpdateSuspector(suspector, DateTime.UtcNow, 2);
        Assert.True(await table.UpdateRowAsync(read, etag, afterInsert.Version.Next()));
        Assert.False(await table.UpdateRowAsync(read, etag, afterInsert.Version.Next()));
        var suspected = Assert.Single((await table.ReadRowAsync(first.SiloAddress)).Members).Item1;
        Assert.Equal(suspector, Assert.Single(suspected.SuspectTimes!).Item1);

        // Heartbeats change liveness but not the version.
        var versionBeforeHeartbeat = (await table.ReadAllAsync()).Version.Version;
        var alive = DateTime.UtcNow.AddSeconds(5);
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = first.SiloAddress, IAmAliveTime = alive });
        var afterHeartbeat = await table.ReadAllAsync();
        Assert.Equal(versionBeforeHeartbeat, afterHeartbeat.Version.Version);
        Assert.Equal(alive, Assert.Single(afterHeartbeat.Members).Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        // Only dead silos silent since the cutoff are cleaned up.
        var longAgo = DateTime.UtcNow.AddHours(-2);
        Assert.True(await table.InsertRowAsync(Entry(3, SiloStatus.Dead, longAgo), afterHeartbeat.Version.Next()));
        var withDead = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(Entry(4, SiloStatus.Dead, DateTime.UtcNow), withDead.Version.Next()));
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal([1, 4], (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Generation).Order());

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Equal(0L, await CountRowsAsync(database, clusterId));
    }

    [Fact]
    public async Task Gateways_AreTheActiveSilosThatAcceptClients()
    {
        var (table, clusterId, database) = await CreateTableAsync();
        var version = (await table.ReadAllAsync()).Version;
        foreach (var (generation, status) in new[] { (1, SiloStatus.Active), (2, SiloStatus.Joining), (3, SiloStatus.Dead) })
        {
            Assert.True(await table.InsertRowAsync(Entry(generation, status, DateTime.UtcNow), version.Next()));
            version = (await table.ReadAllAsync()).Version;
        }

        var provider = new Orleans.Runtime.Membership.AdoNetGatewayListProvider(
            NullLogger<Orleans.Runtime.Membership.AdoNetGatewayListProvider>.Instance,
            Services(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = PostgresMembershipExtensions.NpgsqlInvariant, ConnectionString = database }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId }));
        await provider.InitializeGatewayListProvider();

        var gateway = Assert.Single(await provider.GetGateways());
        // Clients connect to the gateway (proxy) port, not the silo-to-silo port.
        Assert.Equal(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 30_001), 1).ToGatewayUri(), gateway);
    }

    private async Task<(AdoNetClusteringTable Table, string ClusterId, string Database)> CreateTableAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(database))
        {
            await new Storage.Postgres.Migrations.PostgresMigrator(dataSource, NullLogger<Storage.Postgres.Migrations.PostgresMigrator>.Instance).MigrateAsync();
        }
        var clusterId = $"contract-{Guid.NewGuid():N}";
        var table = new AdoNetClusteringTable(
            Services(),
            Options.Create(new ClusterOptions { ClusterId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresMembershipExtensions.NpgsqlInvariant, ConnectionString = database }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return (table, clusterId, database);
    }

    private static ServiceProvider Services() => new ServiceCollection().BuildServiceProvider();

    /// <summary>A silo row; the generation tells the rows apart, and the gateway port follows it.</summary>
    private static MembershipEntry Entry(int generation, SiloStatus status, DateTime time) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11_111), generation),
        SiloName = $"silo-{generation}",
        HostName = "test-host",
        Status = status,
        ProxyPort = 30_000 + generation,
        StartTime = time,
        IAmAliveTime = time,
    };

    private static async Task<long> CountRowsAsync(string database, string clusterId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM orleans.membership WHERE deployment_id = $1) + (SELECT count(*) FROM orleans.membership_version WHERE deployment_id = $1)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
