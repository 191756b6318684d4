using Backtrace.Storage.Index;
using Backtrace.Storage.Postgres.Index;
using Backtrace.Storage.Postgres.Migrations;
using Backtrace.Storage.Postgres.Projects;
using Backtrace.Storage.Projects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Backtrace.Storage.Postgres;

/// <summary>Registers the PostgreSQL pieces every cluster-mode process shares.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers one pooled <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/>, shared
    /// by membership, the query index and the schema migrator, and the <see cref="PostgresMigrator"/>.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is empty: set ConnectionStrings:Postgres (environment variable ConnectionStrings__Postgres).",
                nameof(connectionString));
        }
        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "backtrace" }.Build());
        services.TryAddSingleton<PostgresMigrator>();
        return services;
    }

    /// <summary>
    /// Registers the query index and the project catalog on PostgreSQL (<see cref="ISnapshotIndex"/>,
    /// <see cref="IFaultGroupIndex"/>, <see cref="IProjectCatalog"/>), on the data source of
    /// <see cref="AddPostgresStorage"/>.
    /// </summary>
    public static IServiceCollection AddPostgresQueryIndex(this IServiceCollection services, string connectionString)
    {
        services.AddPostgresStorage(connectionString);
        services.TryAddSingleton<ISnapshotIndex, PostgresSnapshotIndex>();
        services.TryAddSingleton<IFaultGroupIndex, PostgresFaultGroupIndex>();
        services.TryAddSingleton<IProjectCatalog, PostgresProjectCatalog>();
        return services;
    }
}
