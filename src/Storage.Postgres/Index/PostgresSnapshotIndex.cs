using Backtrace.Storage.Index;
using Npgsql;
using NpgsqlTypes;

namespace Backtrace.Storage.Postgres.Index;

/// <summary>
/// The snapshot side of the query index in PostgreSQL. Recording is one statement: the group's row is
/// created or counted up (which locks it, so ordinals stay dense under concurrent records of a group)
/// and the snapshot's row is inserted with the new count as its ordinal, both or neither.
/// </summary>
public sealed class PostgresSnapshotIndex(NpgsqlDataSource dataSource) : ISnapshotIndex
{
    // The group is counted only while no row holds this uuid. Two concurrent records of one uuid can both
    // pass that test; the second then fails on the primary key, which undoes its count, and is retried.
    private const string Record = """
        WITH counted AS (
            INSERT INTO backtrace.fault_groups AS g
                (project, fingerprint, fingerprint_version, count, first_seen, last_seen, callstack, classifiers, last_snapshot)
            SELECT $1, $3, $4, 1, $5, $5, $13, $11, $2
            WHERE NOT EXISTS (SELECT 1 FROM backtrace.snapshots s WHERE s.project = $1 AND s.uuid = $2)
            ON CONFLICT (project, fingerprint) DO UPDATE
            SET count = g.count + 1,
                first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen),
                last_snapshot = EXCLUDED.last_snapshot
            RETURNING g.count)
        INSERT INTO backtrace.snapshots
            (project, uuid, fingerprint, fingerprint_version, group_ordinal, occurred_at, received_at, source_format,
             application, application_version, hostname, classifiers, attributes, callstack, body_size)
        SELECT $1, $2, $3, $4, counted.count, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM counted
        RETURNING group_ordinal
        """;

    private const string UniqueViolation = "23505";
    private const int MaxAttempts = 3;

    /// <inheritdoc />
    public Task<SnapshotRecorded> RecordAsync(SnapshotRecord record, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => RecordCoreAsync(record, cancellationToken));

    private async Task<SnapshotRecorded> RecordCoreAsync(SnapshotRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(Record)
                    .WithText(record.Project)
                    .With(record.Uuid, NpgsqlDbType.Uuid)
                    .WithText(record.Fingerprint)
                    .With(record.FingerprintVersion, NpgsqlDbType.Integer)
                    .WithTime(record.OccurredAt)
                    .WithTime(record.ReceivedAt)
                    .WithText(record.SourceFormat)
                    .WithText(record.Application)
                    .WithText(record.ApplicationVersion)
                    .WithText(record.Hostname)
                    .With(record.Classifiers.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
                    .With(AttributesJson.Write(record.Attributes), NpgsqlDbType.Jsonb)
                    .With(record.Callstack.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)
                    .With(record.BodySize, NpgsqlDbType.Bigint);
                var ordinal = await command.ExecuteScalarAsync(cancellationToken);
                if (ordinal is long groupOrdinal)
                {
                    return new SnapshotRecorded(record with { GroupOrdinal = groupOrdinal }, Inserted: true);
                }
            }
            catch (PostgresException exception) when (exception.SqlState == UniqueViolation && attempt < MaxAttempts)
            {
                // A concurrent record of the same uuid won; the row it stored is read below.
            }

            if (await GetAsync(record.Project, record.Uuid, cancellationToken) is { } existing)
            {
                return new SnapshotRecorded(existing, Inserted: false);
            }
            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"Snapshot {record.Project}/{record.Uuid} was neither recorded nor found after {MaxAttempts} attempts.");
            }
        }
    }

    /// <inheritdoc />
    public Task<SnapshotRecord?> GetAsync(string project, Guid uuid, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => GetCoreAsync(project, uuid, cancellationToken));

    private async Task<SnapshotRecord?> GetCoreAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
                $"SELECT {SnapshotRows.Columns} FROM backtrace.snapshots WHERE project = $1 AND uuid = $2")
            .WithText(project)
            .With(uuid, NpgsqlDbType.Uuid);
        return (await SnapshotRows.ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotRecord>> ListGroupSnapshotsAsync(
        string project, string fingerprint, long afterOrdinal, int limit, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => ListGroupSnapshotsCoreAsync(project, fingerprint, afterOrdinal, limit, cancellationToken));

    private async Task<IReadOnlyList<SnapshotRecord>> ListGroupSnapshotsCoreAsync(
        string project, string fingerprint, long afterOrdinal, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var command = dataSource.CreateCommand($"""
                SELECT {SnapshotRows.Columns} FROM backtrace.snapshots
                WHERE project = $1 AND fingerprint = $2 AND group_ordinal > $3
                ORDER BY group_ordinal LIMIT $4
                """)
            .WithText(project)
            .WithText(fingerprint)
            .With(afterOrdinal, NpgsqlDbType.Bigint)
            .With(limit, NpgsqlDbType.Integer);
        return await SnapshotRows.ReadAllAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotRecord>> RecentGroupSnapshotsAsync(
        string project, string fingerprint, int limit, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => RecentGroupSnapshotsCoreAsync(project, fingerprint, limit, cancellationToken));

    private async Task<IReadOnlyList<SnapshotRecord>> RecentGroupSnapshotsCoreAsync(
        string project, string fingerprint, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var command = dataSource.CreateCommand($"""
                SELECT {SnapshotRows.Columns} FROM backtrace.snapshots
                WHERE project = $1 AND fingerprint = $2
                ORDER BY group_ordinal DESC LIMIT $3
                """)
            .WithText(project)
            .WithText(fingerprint)
            .With(limit, NpgsqlDbType.Integer);
        return await SnapshotRows.ReadAllAsync(command, cancellationToken);
    }
}
