using Backtrace.Storage.Index;
using Npgsql;

namespace Backtrace.Storage.Postgres.Index;

/// <summary>The column list every snapshot query selects, and how a row of it becomes a <see cref="SnapshotRecord"/>.</summary>
internal static class SnapshotRows
{
    public const string Columns = """
        project, uuid, fingerprint, fingerprint_version, group_ordinal, occurred_at, received_at, source_format,
        application, application_version, hostname, classifiers, attributes::text, callstack, body_size
        """;

    public static SnapshotRecord Read(NpgsqlDataReader row) => new()
    {
        Project = row.GetString(0),
        Uuid = row.GetGuid(1),
        Fingerprint = row.GetString(2),
        FingerprintVersion = row.GetInt32(3),
        GroupOrdinal = row.GetInt64(4),
        OccurredAt = row.GetFieldValue<DateTimeOffset>(5),
        ReceivedAt = row.GetFieldValue<DateTimeOffset>(6),
        SourceFormat = row.GetString(7),
        Application = row.IsDBNull(8) ? null : row.GetString(8),
        ApplicationVersion = row.IsDBNull(9) ? null : row.GetString(9),
        Hostname = row.IsDBNull(10) ? null : row.GetString(10),
        Classifiers = row.GetFieldValue<string[]>(11),
        Attributes = AttributesJson.Read(row.GetString(12)),
        Callstack = row.GetFieldValue<string[]>(13),
        BodySize = row.GetInt64(14),
    };

    public static async Task<List<SnapshotRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var records = new List<SnapshotRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) records.Add(Read(reader));
        return records;
    }
}
