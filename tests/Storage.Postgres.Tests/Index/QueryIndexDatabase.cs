using Backtrace.LocalServices;
using Backtrace.Storage.Postgres.Index;
using Backtrace.Storage.Postgres.Migrations;
using Backtrace.Storage.Postgres.Projects;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backtrace.Storage.Postgres.Tests.Index;

/// <summary>A fresh, migrated database with the three PostgreSQL stores on it.</summary>
internal sealed class QueryIndexDatabase : IAsyncDisposable
{
    private QueryIndexDatabase(NpgsqlDataSource dataSource)
    {
        DataSource = dataSource;
        Snapshots = new PostgresSnapshotIndex(dataSource);
        Groups = new PostgresFaultGroupIndex(dataSource);
        Projects = new PostgresProjectCatalog(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgresSnapshotIndex Snapshots { get; }

    public PostgresFaultGroupIndex Groups { get; }

    public PostgresProjectCatalog Projects { get; }

    public static async Task<QueryIndexDatabase> CreateAsync(PostgresServer server)
    {
        var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();
        return new QueryIndexDatabase(dataSource);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
