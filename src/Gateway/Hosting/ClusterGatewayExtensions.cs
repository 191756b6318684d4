using Backtrace.Cluster;

namespace Backtrace.Gateway.Hosting;

/// <summary>
/// Composition of a gateway in cluster mode (<c>Backtrace:Mode</c> = <c>Cluster</c>): an Orleans client of the
/// cluster described by <see cref="ClusterModeOptions"/> (membership and stores in PostgreSQL and Azure
/// Storage), no silo in the process. Listen address, default project and tokens work as in embedded mode.
/// </summary>
public static class ClusterGatewayExtensions
{
    /// <summary>Configuration key choosing the mode: <c>Embedded</c> (default) or <c>Cluster</c>.</summary>
    public const string ModeKey = "Backtrace:Mode";

    /// <summary>True when configuration selects cluster mode; false for embedded (the default).</summary>
    /// <exception cref="InvalidOperationException">The mode is neither <c>Embedded</c> nor <c>Cluster</c>.</exception>
    public static bool IsClusterMode(IConfiguration configuration) => configuration[ModeKey] switch
    {
        null or "" => false,
        var mode when mode.Equals("Embedded", StringComparison.OrdinalIgnoreCase) => false,
        var mode when mode.Equals("Cluster", StringComparison.OrdinalIgnoreCase) => true,
        var mode => throw new InvalidOperationException(
            $"{ModeKey} is '{mode}'; set it to Embedded (one process, the default) or Cluster (a client of silos in PostgreSQL and Azure Storage)."),
    };

    /// <summary>Makes this process a cluster gateway.</summary>
    public static WebApplicationBuilder AddBacktraceClusterGateway(this WebApplicationBuilder builder, string[] args)
    {
        builder.AddBacktraceStartup(args);
        builder.UseOrleansClient(client => client.AddBacktraceClusterMode(builder.Configuration));
        builder.AddBacktraceStartupServices();
        return builder;
    }
}
