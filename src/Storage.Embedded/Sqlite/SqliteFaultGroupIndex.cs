using Backtrace.Grains.FaultGroups;
using Backtrace.Storage.Index;
using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary><see cref="IFaultGroupIndex"/> on the embedded database.</summary>
public sealed class SqliteFaultGroupIndex(SqliteDatabase database) : IFaultGroupIndex
{
    private const string Columns =
        "project, fingerprint, fingerprint_version, count, first_seen, last_seen, status, status_changed_at, callstack, classifiers, last_snapshot";

    /// <inheritdoc />
    public Task<FaultGroupRow?> GetAsync(string project, string fingerprint, CancellationToken cancellationToken = default)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM fault_groups WHERE project = $project AND fingerprint = $fingerprint";
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    /// <inheritdoc />
    public Task<FaultGroupPage> ListAsync(FaultGroupQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query.Offset));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query.Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, FaultGroupQuery.MaxLimit, nameof(query.Limit));
        var order = query.Sort switch
        {
            FaultGroupSort.Count => "count DESC, fingerprint",
            FaultGroupSort.FirstSeen => "first_seen DESC, fingerprint",
            FaultGroupSort.LastSeen => "last_seen DESC, fingerprint",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Sort, "unknown sort"),
        };
        var filter = query.Status is null ? "project = $project" : "project = $project AND status = $status";

        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var total = connection.CreateCommand();
        total.Transaction = transaction;
        total.CommandText = $"SELECT count(*) FROM fault_groups WHERE {filter}";
        Bind(total, query);
        var totalCount = (long)total.ExecuteScalar()!;

        using var page = connection.CreateCommand();
        page.Transaction = transaction;
        page.CommandText = $"SELECT {Columns} FROM fault_groups WHERE {filter} ORDER BY {order} LIMIT $limit OFFSET $offset";
        Bind(page, query);
        page.Parameters.AddWithValue("$limit", query.Limit);
        page.Parameters.AddWithValue("$offset", query.Offset);
        var rows = new List<FaultGroupRow>();
        using (var reader = page.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(Read(reader));
            }
        }

        transaction.Commit();
        return Task.FromResult(new FaultGroupPage(rows, totalCount));
    }

    /// <inheritdoc />
    public Task SetStatusAsync(
        string project, string fingerprint, FaultGroupStatus status, DateTimeOffset changedAt, CancellationToken cancellationToken = default) =>
        database.Writer.WriteAsync(context => context.Execute(
            "UPDATE fault_groups SET status = $status, status_changed_at = $changedAt WHERE project = $project AND fingerprint = $fingerprint",
            ("$status", (int)status), ("$changedAt", UnixTime.ToColumn(changedAt)), ("$project", project), ("$fingerprint", fingerprint)));

    private static void Bind(SqliteCommand command, FaultGroupQuery query)
    {
        command.Parameters.AddWithValue("$project", query.Project);
        if (query.Status is { } status)
        {
            command.Parameters.AddWithValue("$status", (int)status);
        }
    }

    private static FaultGroupRow Read(SqliteDataReader reader) => new()
    {
        Project = reader.GetString(0),
        Fingerprint = reader.GetString(1),
        FingerprintVersion = reader.GetInt32(2),
        Count = reader.GetInt64(3),
        FirstSeen = UnixTime.FromColumn(reader.GetInt64(4)),
        LastSeen = UnixTime.FromColumn(reader.GetInt64(5)),
        Status = (FaultGroupStatus)reader.GetInt32(6),
        StatusChangedAt = reader.IsDBNull(7) ? null : UnixTime.FromColumn(reader.GetInt64(7)),
        Callstack = JsonColumns.ReadList(reader.GetString(8)),
        Classifiers = JsonColumns.ReadList(reader.GetString(9)),
        LastSnapshot = Guid.Parse(reader.GetString(10)),
    };
}
