using Backtrace.Cluster;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Composition of a gateway in cluster mode (<see cref="ClusterModeConfiguration.ModeKey"/> = <c>Cluster</c>): an Orleans client of the
/// cluster described by <see cref="ClusterModeOptions"/> (membership and stores in PostgreSQL and Azure
/// Storage), no silo in the process. Listen address, default project and tokens work as in embedded mode.
/// </summary>
public static class ClusterGatewayExtensions
{
    /// <summary>Makes this process a cluster gateway.</summary>
    public static WebApplicationBuilder AddBacktraceClusterGateway(this WebApplicationBuilder builder, string[] args)
    {
        builder.AddBacktraceStartup(args);
        builder.UseOrleansClient(client => client.AddBacktraceClusterMode(builder.Configuration));
        builder.AddBacktraceStartupServices();
        return builder;
    }
}
