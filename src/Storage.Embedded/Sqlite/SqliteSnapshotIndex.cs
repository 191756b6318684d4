using Backtrace.Storage.Index;
using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// <see cref="ISnapshotIndex"/> on the embedded database. Recording a snapshot is one batched write that checks
/// the uuid, numbers the snapshot within its group and upserts the group's counters, all inside the writer's
/// transaction: the row and the count it adds become durable together or not at all.
/// </summary>
public sealed class SqliteSnapshotIndex(SqliteDatabase database) : ISnapshotIndex
{
    private const string Columns =
        "project, uuid, fingerprint, fingerprint_version, group_ordinal, occurred_at, received_at, source_format, " +
        "application, application_version, hostname, classifiers, attributes, callstack, body_size";

    /// <inheritdoc />
    public Task<SnapshotRecorded> RecordAsync(SnapshotRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var uuid = record.Uuid.ToString("D");
        var occurred = UnixTime.ToColumn(record.OccurredAt);
        var callstack = JsonColumns.Write(record.Callstack);
        var classifiers = JsonColumns.Write(record.Classifiers);
        var attributes = JsonColumns.Write(record.Attributes);

        return database.Writer.WriteAsync(context =>
        {
            using (var existing = context.Command($"SELECT {Columns} FROM snapshots WHERE project = $project AND uuid = $uuid",
                ("$project", record.Project), ("$uuid", uuid)).ExecuteReader())
            {
                if (existing.Read())
                {
                    return new SnapshotRecorded(Read(existing), Inserted: false);
                }
            }

            var count = context.Command("SELECT count FROM fault_groups WHERE project = $project AND fingerprint = $fingerprint",
                ("$project", record.Project), ("$fingerprint", record.Fingerprint)).ExecuteScalar();
            var ordinal = (count is long c ? c : 0) + 1;

            context.Execute($"INSERT INTO snapshots ({Columns}) VALUES ($project, $uuid, $fingerprint, $version, $ordinal, $occurred, " +
                "$received, $format, $application, $applicationVersion, $hostname, $classifiers, $attributes, $callstack, $bodySize)",
                ("$project", record.Project), ("$uuid", uuid), ("$fingerprint", record.Fingerprint),
                ("$version", record.FingerprintVersion), ("$ordinal", ordinal), ("$occurred", occurred),
                ("$received", UnixTime.ToColumn(record.ReceivedAt)), ("$format", record.SourceFormat),
                ("$application", record.Application), ("$applicationVersion", record.ApplicationVersion),
                ("$hostname", record.Hostname), ("$classifiers", classifiers), ("$attributes", attributes),
                ("$callstack", callstack), ("$bodySize", record.BodySize));

            context.Execute(
                "INSERT INTO fault_groups (project, fingerprint, fingerprint_version, count, first_seen, last_seen, callstack, classifiers, last_snapshot) " +
                "VALUES ($project, $fingerprint, $version, 1, $occurred, $occurred, $callstack, $classifiers, $uuid) " +
                "ON CONFLICT (project, fingerprint) DO UPDATE SET count = count + 1, " +
                "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), last_snapshot = excluded.last_snapshot",
                ("$project", record.Project), ("$fingerprint", record.Fingerprint), ("$version", record.FingerprintVersion),
                ("$occurred", occurred), ("$callstack", callstack), ("$classifiers", classifiers), ("$uuid", uuid));

            return new SnapshotRecorded(record with { GroupOrdinal = ordinal }, Inserted: true);
        });
    }

    /// <inheritdoc />
    public Task<SnapshotRecord?> GetAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM snapshots WHERE project = $project AND uuid = $uuid";
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$uuid", uuid.ToString("D"));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Read(reader) : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotRecord>> ListGroupSnapshotsAsync(
        string project, string fingerprint, long afterOrdinal, int limit, CancellationToken cancellationToken = default) =>
        Query($"SELECT {Columns} FROM snapshots WHERE project = $project AND fingerprint = $fingerprint AND group_ordinal > $after " +
              "ORDER BY group_ordinal LIMIT $limit", project, fingerprint, afterOrdinal, limit);

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotRecord>> RecentGroupSnapshotsAsync(
        string project, string fingerprint, int limit, CancellationToken cancellationToken = default) =>
        Query($"SELECT {Columns} FROM snapshots WHERE project = $project AND fingerprint = $fingerprint AND group_ordinal > $after " +
              "ORDER BY group_ordinal DESC LIMIT $limit", project, fingerprint, 0, limit);

    private Task<IReadOnlyList<SnapshotRecord>> Query(string sql, string project, string fingerprint, long afterOrdinal, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using var connection = database.OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.Parameters.AddWithValue("$after", afterOrdinal);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var records = new List<SnapshotRecord>();
        while (reader.Read())
        {
            records.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<SnapshotRecord>>(records);
    }

    private static SnapshotRecord Read(SqliteDataReader reader) => new()
    {
        Project = reader.GetString(0),
        Uuid = Guid.Parse(reader.GetString(1)),
        Fingerprint = reader.GetString(2),
        FingerprintVersion = reader.GetInt32(3),
        GroupOrdinal = reader.GetInt64(4),
        OccurredAt = UnixTime.FromColumn(reader.GetInt64(5)),
        ReceivedAt = UnixTime.FromColumn(reader.GetInt64(6)),
        SourceFormat = reader.GetString(7),
        Application = reader.IsDBNull(8) ? null : reader.GetString(8),
        ApplicationVersion = reader.IsDBNull(9) ? null : reader.GetString(9),
        Hostname = reader.IsDBNull(10) ? null : reader.GetString(10),
        Classifiers = JsonColumns.ReadList(reader.GetString(11)),
        Attributes = JsonColumns.ReadAttributes(reader.GetString(12)),
        Callstack = JsonColumns.ReadList(reader.GetString(13)),
        BodySize = reader.GetInt64(14),
    };
}
