using Backtrace.Storage.Postgres.Migrations;
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
}
