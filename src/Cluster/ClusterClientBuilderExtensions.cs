using Backtrace.Cluster.Health;
using Backtrace.Cluster.Membership;
using Backtrace.Cluster.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Backtrace.Cluster;

/// <summary>Connects a gateway to a Backtrace cluster as an Orleans client.</summary>
public static class ClusterClientBuilderExtensions
{
    /// <summary>
    /// Cluster mode for a client (read from <paramref name="configuration"/>, see <see cref="ClusterModeOptions"/>):
    /// gateways found in PostgreSQL and refreshed every few seconds, the cluster stores (a gateway stores
    /// snapshot bodies and reads the query index itself), spans across grain calls, and a readiness check
    /// that the cluster answers.
    /// </summary>
    public static IClientBuilder AddBacktraceClusterMode(this IClientBuilder builder, IConfiguration configuration)
    {
        var options = ClusterModeConfiguration.Read(configuration);

        builder.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        builder.UsePostgresMembership(options.PostgresConnectionString);
        builder.Configure<GatewayOptions>(MembershipTuning.Apply);
        builder.Configure<ClientMessagingOptions>(MembershipTuning.Apply);
        builder.Services.Configure<ClientMessagingOptions>(configuration.GetSection($"{ClusterModeOptions.Section}:ClientMessaging"));
        builder.Services.AddBacktraceClusterStorage(options);
        builder.Services.AddHealthChecks().AddCheck<ClusterReachableHealthCheck>("cluster", tags: [ClusterStorageServiceCollectionExtensions.ReadyTag]);

        builder.AddActivityPropagation();
        return builder;
    }
}
