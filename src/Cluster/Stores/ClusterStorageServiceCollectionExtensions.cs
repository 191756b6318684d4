using Azure.Storage.Blobs;
using Backtrace.Cluster.Health;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.AzureBlob;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Backtrace.Cluster.Stores;

/// <summary>The stores silos and gateways share in cluster mode.</summary>
public static class ClusterStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISnapshotBodyStore"/> and <see cref="ISnapshotAttachmentStore"/> on Azure Blob storage and the query index and project catalog
    /// on PostgreSQL, the containers' creation at start, and readiness checks for both services.
    /// </summary>
    public static IServiceCollection AddBacktraceClusterStorage(this IServiceCollection services, ClusterModeOptions options)
    {
        services.AddPostgresQueryIndex(options.PostgresConnectionString);
        services.TryAddSingleton(BlobServiceClients.Create(options.AzureStorageConnectionString));
        services.TryAddSingleton(provider => provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(options.SnapshotContainer));
        services.TryAddSingleton<ISnapshotBodyStore, BlobSnapshotBodyStore>();
        services.TryAddSingleton<ISnapshotAttachmentStore, BlobSnapshotAttachmentStore>();
        services.AddHostedService<SnapshotContainerCreation>();
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<BlobStorageHealthCheck>("azure-storage", tags: [ReadyTag]);
        return services;
    }

    // Same value as Backtrace.ServiceDefaults.HealthEndpoints.ReadyTag, which this library does not reference.
    internal const string ReadyTag = "ready";
}
