using System.Net;
using Backtrace.Cluster.Membership;
using Backtrace.LocalServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Backtrace.Cluster.Tests.Membership;

public sealed class PostgresMembershipTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int Active = (int)SiloStatus.Active;
    private const int Dead = (int)SiloStatus.Dead;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSilos_JoinOneClusterThroughPostgres_AndAClientFindsItsGateways()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var clusterId = $"membership-{Guid.NewGuid():N}";

        using var first = await StartSiloAsync(database, clusterId);
        using var second = await StartSiloAsync(database, clusterId);

        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2, Patience,
            "both silos active in the first silo's view of the cluster");
        Assert.Equal([Active, Active], (await ReadStatusesAsync(database, clusterId)).Values);

        // A client knows nothing but the database: it must find the gateways there.
        using var client = await StartClientAsync(database, clusterId);
        var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        await second.StopAsync();
        var secondAddress = second.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await Eventually.TrueAsync(async () => (await ReadStatusesAsync(database, clusterId))[secondAddress.Endpoint.Port] == Dead,
            Patience, "the stopped silo's row marked dead");
        await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 1, Patience,
            "one active silo left");
    }

    private static async Task<IHost> StartSiloAsync(string database, string clusterId)
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "backtrace-tests"))
            .ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1], listenOnAnyHostAddress: false)
            .UsePostgresMembership(database));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> StartClientAsync(string database, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "backtrace-tests"))
            .UsePostgresMembership(database));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(Patience);
        await host.StartAsync(timeout.Token);
        return host;
    }

    /// <summary>Silo port to status, straight from the membership table.</summary>
    private static async Task<SortedDictionary<int, int>> ReadStatusesAsync(string database, string clusterId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleans.membership WHERE deployment_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        var statuses = new SortedDictionary<int, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) statuses[reader.GetInt32(0)] = reader.GetInt32(1);
        return statuses;
    }
}
