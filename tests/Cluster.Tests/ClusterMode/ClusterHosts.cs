using Backtrace.LocalServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backtrace.Cluster.Tests.ClusterMode;

/// <summary>In-process silos and clients composed exactly as the hosts compose them, from configuration.</summary>
internal sealed class ClusterHosts(string postgres, string azureStorage)
{
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];

    public Dictionary<string, string?> Configuration(int siloPort, int gatewayPort) => new()
    {
        ["ConnectionStrings:Postgres"] = postgres,
        ["ConnectionStrings:AzureStorage"] = azureStorage,
        ["Backtrace:Cluster:ClusterId"] = _clusterId,
        ["Backtrace:Cluster:GrainStateContainer"] = $"state-{_suffix}",
        ["Backtrace:Cluster:SnapshotContainer"] = $"bodies-{_suffix}",
        ["Backtrace:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Backtrace:Cluster:SiloPort"] = siloPort.ToString(),
        ["Backtrace:Cluster:GatewayPort"] = gatewayPort.ToString(),
    };

    public async Task<IHost> StartSiloAsync()
    {
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Configuration(ports[0], ports[1]));
        builder.UseOrleans(silo => silo.AddBacktraceClusterMode(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Configuration(1, 2));
        builder.UseOrleansClient(client => client.AddBacktraceClusterMode(builder.Configuration));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StartAsync(timeout.Token);
        return host;
    }
}
