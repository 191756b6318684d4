using Backtrace.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backtrace.Hosting;

/// <summary>Adds embedded storage: everything in one data directory, no external service.</summary>
public static class BacktraceEmbeddedStorageExtensions
{
    /// <summary>
    /// Adds embedded storage under <paramref name="dataDirectory"/>: the grain storage provider named
    /// <see cref="Storage.StorageNames.GrainState"/> and the query index in one SQLite database, and snapshot bodies
    /// as files. Registers <see cref="Storage.Bodies.ISnapshotBodyStore"/>, <see cref="Storage.Index.ISnapshotIndex"/>,
    /// <see cref="Storage.Index.IFaultGroupIndex"/> and <see cref="Storage.Projects.IProjectCatalog"/> as singletons,
    /// so a gateway in the same process can read through them.
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
        return services;
    }
}
