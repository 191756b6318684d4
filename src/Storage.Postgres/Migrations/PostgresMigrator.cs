using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backtrace.Storage.Postgres.Migrations;

/// <summary>
/// Brings a database to the schema this build expects by running the missing steps of
/// <see cref="MigrationCatalog"/>, each in its own transaction. Safe to run from every process at
/// every start: a PostgreSQL advisory lock makes concurrent runs take turns, and a step that is
/// already recorded never runs again.
/// </summary>
public sealed partial class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
    // Any constant works as long as every Backtrace process uses the same one ("Backtrac" in ASCII).
    private const long AdvisoryLockKey = 0x4261_636b_7472_6163;

    private const string CreateHistory = """
        CREATE SCHEMA IF NOT EXISTS backtrace;
        CREATE TABLE IF NOT EXISTS backtrace.schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now());
        """;

    /// <summary>Runs every step the database has not run yet.</summary>
    /// <returns>The steps run now, in order; empty when the database was already up to date.</returns>
    /// <exception cref="SchemaMigrationException">A step that already ran has been edited since.</exception>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateHistory, cancellationToken);
            var applied = await ReadHistoryAsync(connection, cancellationToken);
            Verify(applied);

            var run = new List<Migration>();
            foreach (var migration in MigrationCatalog.All)
            {
                if (applied.ContainsKey(migration.Version)) continue;
                await ApplyAsync(connection, migration, cancellationToken);
                LogApplied(migration.Version, migration.Name);
                run.Add(migration);
            }
            if (run.Count == 0) LogUpToDate(MigrationCatalog.LatestVersion);
            return run;
        }
        finally
        {
            // Closing the connection would release the lock too, but pooled connections stay open.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The steps a database has run: version and checksum, from its history table.</summary>
    public async Task<IReadOnlyDictionary<int, string>> ReadAppliedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('backtrace.schema_migrations') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return new Dictionary<int, string>();
        return await ReadHistoryAsync(connection, cancellationToken);
    }

    private void Verify(Dictionary<int, string> applied)
    {
        foreach (var migration in MigrationCatalog.All)
        {
            if (applied.TryGetValue(migration.Version, out var checksum) && checksum != migration.Checksum)
            {
                throw new SchemaMigrationException(
                    $"Schema step {migration.Version:D4}_{migration.Name} was changed after this database ran it " +
                    $"(recorded checksum {checksum}, shipped {migration.Checksum}). Steps are immutable: restore the " +
                    "original file and put the change in a new step.");
            }
        }

        var newest = applied.Count == 0 ? 0 : applied.Keys.Max();
        if (newest > MigrationCatalog.LatestVersion)
        {
            // During a rolling upgrade the new build migrates first while old processes still run.
            // Steps only add (tables, columns, query texts that keep their contract), so older code
            // keeps working against a newer schema.
            LogNewerSchema(newest, MigrationCatalog.LatestVersion);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var step = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = new NpgsqlCommand(
                "INSERT INTO backtrace.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new SchemaMigrationException(
                $"Schema step {migration.Version:D4}_{migration.Name} failed and was rolled back: {exception.MessageText}",
                exception);
        }
    }

    private static async Task<Dictionary<int, string>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM backtrace.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema step {Version:D4}_{Name}")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema is up to date at version {Version}")]
    private partial void LogUpToDate(int version);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database schema is at version {DatabaseVersion}, newer than this build's {BuildVersion}; continuing, since steps only add")]
    private partial void LogNewerSchema(int databaseVersion, int buildVersion);
}
