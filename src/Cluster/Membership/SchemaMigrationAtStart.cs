using Backtrace.Storage.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;

namespace Backtrace.Cluster.Membership;

/// <summary>
/// Brings the PostgreSQL schema up to date as the very first step of a silo's start, before the
/// membership provider reads its queries. A database that is not reachable yet (processes and the
/// database starting together) is retried for a while before the silo gives up.
/// </summary>
internal sealed partial class SchemaMigrationAtStart(PostgresMigrator migrator, ILogger<SchemaMigrationAtStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationAtStart), ServiceLifecycleStage.First, MigrateAsync);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException exception) when (exception.IsTransient && DateTime.UtcNow < deadline)
            {
                LogDatabaseUnavailable(exception.Message, RetryDelay);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet ({Reason}); retrying the schema migration in {Delay}")]
    private partial void LogDatabaseUnavailable(string reason, TimeSpan delay);
}
