using Backtrace.Storage;
using Backtrace.Storage.Attachments;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Embedded;
using Backtrace.Storage.Embedded.Attachments;
using Backtrace.Storage.Embedded.Bodies;
using Backtrace.Storage.Embedded.Sqlite;
using Backtrace.Storage.Index;
using Backtrace.Storage.Projects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Backtrace.Hosting;

/// <summary>Adds embedded storage: everything in one data directory, no external service.</summary>
public static class BacktraceEmbeddedStorageExtensions
{
    /// <summary>
    /// Adds embedded storage under <paramref name="dataDirectory"/>: the grain storage provider named
    /// <see cref="StorageNames.GrainState"/> and the query index in one SQLite database (<c>backtrace.db</c>), and
    /// snapshot bodies in segment files (<c>bodies/</c>), their attachments in <c>attachments.db</c>. Registers
    /// <see cref="ISnapshotBodyStore"/>, <see cref="ISnapshotAttachmentStore"/>, <see cref="ISnapshotIndex"/>,
    /// <see cref="IFaultGroupIndex"/> and <see cref="IProjectCatalog"/> as singletons, so a gateway in the same
    /// process reads through them. Options bind from <see cref="EmbeddedStorageOptions.Section"/>, then
    /// <paramref name="configure"/>, and are validated at start.
    /// </summary>
    public static IServiceCollection AddBacktraceEmbeddedStorage(
        this IServiceCollection services, string dataDirectory, Action<EmbeddedStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var options = services.AddOptions<EmbeddedStorageOptions>()
            .BindConfiguration(EmbeddedStorageOptions.Section)
            .Configure(o => o.DataDirectory = dataDirectory);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedStorageOptions>, EmbeddedStorageOptionsValidator>();

        services.AddMetrics();
        services.AddSingleton<EmbeddedStorageMetrics>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<ISnapshotIndex, SqliteSnapshotIndex>();
        services.AddSingleton<IFaultGroupIndex, SqliteFaultGroupIndex>();
        services.AddSingleton<IProjectCatalog, SqliteProjectCatalog>();
        services.AddSingleton<ISnapshotBodyStore, SegmentSnapshotBodyStore>();
        services.AddSingleton<ISnapshotAttachmentStore, SqliteAttachmentStore>();
        services.AddHostedService<EmbeddedStorageStartup>();
        services.AddGrainStorage(StorageNames.GrainState,
            (provider, _) => new SqliteGrainStorage(provider.GetRequiredService<SqliteDatabase>(), provider.GetRequiredService<Serializer>()));
        return services;
    }
}
