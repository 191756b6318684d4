using Backtrace.Storage.Postgres.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backtrace.Cluster.Membership;

/// <summary>
/// The <c>migrate</c> command of the silo: brings the PostgreSQL schema up to date and exits, for
/// deployments that migrate in a job before rolling out (with <c>Backtrace:Cluster:MigrateOnStart</c> off).
/// </summary>
public static class SchemaMigrationCommand
{
    /// <summary>Runs the missing schema steps against <c>ConnectionStrings:Postgres</c>.</summary>
    /// <returns>0 when the schema is up to date; 1 with an <c>error:</c> line when it cannot be made so.</returns>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken = default)
    {
        var connectionString = configuration.GetConnectionString(ClusterModeOptions.PostgresConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await output.WriteLineAsync("error: ConnectionStrings:Postgres is not set; set it (environment variable ConnectionStrings__Postgres) to the database to migrate");
            return 1;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var applied = await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(cancellationToken);
            foreach (var step in applied)
            {
                await output.WriteLineAsync($"applied {step.Version:D4}_{step.Name}");
            }
            await output.WriteLineAsync($"schema is at version {MigrationCatalog.LatestVersion}");
            return 0;
        }
        catch (Exception exception) when (exception is SchemaMigrationException or NpgsqlException or ArgumentException)
        {
            await output.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }
}
