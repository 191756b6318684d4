using System.Net;
using Backtrace.Cluster.Health;
using Backtrace.Cluster.Membership;
using Backtrace.Cluster.Stores;
using Backtrace.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Backtrace.Cluster;

/// <summary>Makes a silo a member of a Backtrace cluster.</summary>
public static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// Cluster mode for a silo (read from <paramref name="configuration"/>, see <see cref="ClusterModeOptions"/>):
    /// membership in PostgreSQL (schema migrated at start unless turned off), grain state in Azure Blob storage
    /// under <see cref="StorageNames.GrainState"/>, the cluster stores, tuned failure detection, spans across
    /// grain calls, and readiness checks. Add the grains themselves separately.
    /// </summary>
    public static ISiloBuilder AddBacktraceClusterMode(this ISiloBuilder builder, IConfiguration configuration)
    {
        var options = ClusterModeConfiguration.Read(configuration);

        builder.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        if (RunsInKubernetes(configuration))
        {
            // Orleans' Kubernetes hosting takes the pod's IP and the ids from the pod (POD_IP, ORLEANS_CLUSTER_ID,
            // ORLEANS_SERVICE_ID) and deletes the pods of silos the cluster declared dead (deploy/k8s/silo.yaml).
            builder.UseKubernetesHosting();
            builder.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (options.SiloPort, options.GatewayPort));
        }
        else if (options.AdvertisedAddress is { } address)
        {
            // Listen on the advertised address only: on a shared machine another silo may own the port elsewhere.
            builder.ConfigureEndpoints(IPAddress.Parse(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            builder.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (options.SiloPort, options.GatewayPort));
        }

        builder.UsePostgresMembership(options.PostgresConnectionString, options.MigrateOnStart);
        builder.Configure<ClusterMembershipOptions>(MembershipTuning.Apply);
        builder.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{ClusterModeOptions.Section}:Membership"));

        builder.AddAzureBlobGrainStorage(StorageNames.GrainState, grainState =>
        {
            grainState.BlobServiceClient = Storage.AzureBlob.BlobServiceClients.Create(options.AzureStorageConnectionString);
            grainState.ContainerName = options.GrainStateContainer;
        });
        builder.Services.AddBacktraceClusterStorage(options);
        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo", tags: [ClusterStorageServiceCollectionExtensions.ReadyTag]);

        builder.AddActivityPropagation();
        return builder;
    }

    // Kubernetes sets KUBERNETES_SERVICE_HOST in every pod; the manifests add POD_NAMESPACE, which the hosting needs.
    private static bool RunsInKubernetes(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["KUBERNETES_SERVICE_HOST"]) && !string.IsNullOrEmpty(configuration["POD_NAMESPACE"]);
}
