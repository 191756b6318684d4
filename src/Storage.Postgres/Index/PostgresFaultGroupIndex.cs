using Backtrace.Grains.FaultGroups;
using Backtrace.Storage.Index;
using Npgsql;
using NpgsqlTypes;

namespace Backtrace.Storage.Postgres.Index;

/// <summary>The fault group side of the query index in PostgreSQL; counters are written by <see cref="PostgresSnapshotIndex"/>.</summary>
public sealed class PostgresFaultGroupIndex(NpgsqlDataSource dataSource) : IFaultGroupIndex
{
    private const string Columns = """
        project, fingerprint, fingerprint_version, count, first_seen, last_seen, status, status_changed_at,
        callstack, classifiers, last_snapshot
        """;

    /// <inheritdoc />
    public Task<FaultGroupRow?> GetAsync(string project, string fingerprint, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => GetCoreAsync(project, fingerprint, cancellationToken));

    private async Task<FaultGroupRow?> GetCoreAsync(string project, string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
                $"SELECT {Columns} FROM backtrace.fault_groups WHERE project = $1 AND fingerprint = $2")
            .WithText(project)
            .WithText(fingerprint);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <inheritdoc />
    public Task<FaultGroupPage> ListAsync(FaultGroupQuery query, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => ListCoreAsync(query, cancellationToken));

    private async Task<FaultGroupPage> ListCoreAsync(FaultGroupQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        if (query.Limit is < 1 or > FaultGroupQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be between 1 and {FaultGroupQuery.MaxLimit}.");
        }

        // The sort column comes from this fixed map, never from input text.
        var order = query.Sort switch
        {
            FaultGroupSort.Count => "count",
            FaultGroupSort.FirstSeen => "first_seen",
            _ => "last_seen",
        };
        const string Filter = "project = $1 AND ($2::smallint IS NULL OR status = $2)";
        var status = query.Status is { } wanted ? (object)(short)wanted : null;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command($"SELECT count(*) FROM backtrace.fault_groups WHERE {Filter}", query.Project, status));
        var page = Command($"""
            SELECT {Columns} FROM backtrace.fault_groups WHERE {Filter}
            ORDER BY {order} DESC, fingerprint OFFSET $3 LIMIT $4
            """, query.Project, status);
        page.Parameters.Add(new NpgsqlParameter { Value = query.Offset, NpgsqlDbType = NpgsqlDbType.Integer });
        page.Parameters.Add(new NpgsqlParameter { Value = query.Limit, NpgsqlDbType = NpgsqlDbType.Integer });
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<FaultGroupRow>();
        while (await reader.ReadAsync(cancellationToken)) items.Add(Read(reader));
        return new FaultGroupPage(items, total);
    }

    /// <inheritdoc />
    public Task SetStatusAsync(
        string project, string fingerprint, FaultGroupStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken = default) =>
        PostgresOutages.GuardAsync(() => SetStatusCoreAsync(project, fingerprint, status, changedAt, cancellationToken));

    private async Task SetStatusCoreAsync(
        string project, string fingerprint, FaultGroupStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
                "UPDATE backtrace.fault_groups SET status = $3, status_changed_at = $4 WHERE project = $1 AND fingerprint = $2")
            .WithText(project)
            .WithText(fingerprint)
            .With((short)status, NpgsqlDbType.Smallint)
            .WithTime(changedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, string project, object? status)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = project, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        return command;
    }

    private static async Task<List<FaultGroupRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<FaultGroupRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(Read(reader));
        return rows;
    }

    private static FaultGroupRow Read(NpgsqlDataReader row) => new()
    {
        Project = row.GetString(0),
        Fingerprint = row.GetString(1),
        FingerprintVersion = row.GetInt32(2),
        Count = row.GetInt64(3),
        FirstSeen = row.GetFieldValue<DateTimeOffset>(4),
        LastSeen = row.GetFieldValue<DateTimeOffset>(5),
        Status = (FaultGroupStatus)row.GetInt16(6),
        StatusChangedAt = row.IsDBNull(7) ? null : row.GetFieldValue<DateTimeOffset>(7),
        Callstack = row.GetFieldValue<string[]>(8),
        Classifiers = row.GetFieldValue<string[]>(9),
        LastSnapshot = row.GetGuid(10),
    };
}
