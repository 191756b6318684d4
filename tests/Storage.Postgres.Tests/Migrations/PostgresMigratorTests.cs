using Backtrace.LocalServices;
using Backtrace.Storage.Postgres.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Backtrace.Storage.Postgres.Tests.Migrations;

public sealed class PostgresMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task MigrateAsync_OnEmptyDatabase_RunsEveryStepOnceAndRecordsIt()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var migrator = new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), first.Select(m => m.Version));
        Assert.Empty(second);
        var applied = await migrator.ReadAppliedAsync();
        Assert.Equal(MigrationCatalog.All.ToDictionary(m => m.Version, m => m.Checksum), applied);
    }

    [Fact]
    public async Task MigrateAsync_FromManyProcessesAtOnce_RunsEachStepExactlyOnce()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var runs = await Task.WhenAll(dataSources.Select(dataSource =>
                new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync()));

            // Exactly one of the concurrent migrators ran the steps; the others found them done.
            Assert.Equal(MigrationCatalog.All.Count, runs.Sum(run => run.Count));
            Assert.Single(runs, run => run.Count > 0);
        }
        finally
        {
            foreach (var dataSource in dataSources) await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigrateAsync_WhenAnAppliedStepWasEdited_RefusesWithAPreciseMessage()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var migrator = new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance);
        await migrator.MigrateAsync();
        await using (var tamper = dataSource.CreateCommand("UPDATE backtrace.schema_migrations SET checksum = 'edited' WHERE version = 1"))
        {
            await tamper.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SchemaMigrationException>(() => migrator.MigrateAsync());

        var first = MigrationCatalog.All[0];
        Assert.Contains($"{first.Version:D4}_{first.Name} was changed after this database ran it", error.Message);
        Assert.Contains("recorded checksum edited", error.Message);
    }

    [Fact]
    public async Task MigrateAsync_WhenTheDatabaseIsNewerThanTheBuild_KeepsWorking()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var migrator = new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance);
        await migrator.MigrateAsync();
        // What a newer build would leave behind during a rolling upgrade.
        await using (var newer = dataSource.CreateCommand(
            $"INSERT INTO backtrace.schema_migrations (version, name, checksum) VALUES ({MigrationCatalog.LatestVersion + 1}, 'from_a_newer_build', 'x')"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        Assert.Empty(await migrator.MigrateAsync());
    }

    [Fact]
    public async Task OrleansQueryTable_HoldsEveryQueryTheClusteringProviderRequires()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync();

        // The exact statement the provider issues at start, through the default search path.
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) keys.Add(reader.GetString(reader.GetOrdinal("QueryKey")));
        }

        string[] required =
        [
            "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey",
            "UpdateMembershipKey",
        ];
        Assert.Empty(required.Except(keys));
        Assert.Contains("CleanupDefunctSiloEntryKey", keys);
    }
}
