using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// The embedded database's schema, as ordered migrations. <c>PRAGMA user_version</c> records how many have
/// run; each runs once, in its own transaction, so an interrupted start resumes cleanly.
/// Times are INTEGER Unix milliseconds (UTC); uuids are TEXT in the "D" form; lists and attribute maps are JSON text.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE grain_state (
            grain_id   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            data       BLOB    NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        ) WITHOUT ROWID;

        CREATE TABLE projects (
            name         TEXT    NOT NULL PRIMARY KEY,
            display_name TEXT,
            created_at   INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE snapshots (
            seq                 INTEGER PRIMARY KEY,
            project             TEXT    NOT NULL,
            uuid                TEXT    NOT NULL,
            fingerprint         TEXT    NOT NULL,
            fingerprint_version INTEGER NOT NULL,
            group_ordinal       INTEGER NOT NULL,
            occurred_at         INTEGER NOT NULL,
            received_at         INTEGER NOT NULL,
            source_format       TEXT    NOT NULL,
            application         TEXT,
            application_version TEXT,
            hostname            TEXT,
            classifiers         TEXT    NOT NULL,
            attributes          TEXT    NOT NULL,
            callstack           TEXT    NOT NULL,
            body_size           INTEGER NOT NULL,
            UNIQUE (project, uuid)
        );
        CREATE UNIQUE INDEX snapshots_by_group ON snapshots (project, fingerprint, group_ordinal);

        CREATE TABLE fault_groups (
            project             TEXT    NOT NULL,
            fingerprint         TEXT    NOT NULL,
            fingerprint_version INTEGER NOT NULL,
            count               INTEGER NOT NULL,
            first_seen          INTEGER NOT NULL,
            last_seen           INTEGER NOT NULL,
            status              INTEGER NOT NULL DEFAULT 0,
            status_changed_at   INTEGER,
            callstack           TEXT    NOT NULL,
            classifiers         TEXT    NOT NULL,
            last_snapshot       TEXT    NOT NULL,
            PRIMARY KEY (project, fingerprint)
        ) WITHOUT ROWID;
        CREATE INDEX fault_groups_by_last_seen ON fault_groups (project, last_seen DESC, fingerprint);
        CREATE INDEX fault_groups_by_count ON fault_groups (project, count DESC, fingerprint);
        CREATE INDEX fault_groups_by_first_seen ON fault_groups (project, first_seen DESC, fingerprint);
        """,
        """
        CREATE TABLE body_locations (
            project     TEXT    NOT NULL,
            uuid        TEXT    NOT NULL,
            segment     INTEGER NOT NULL,
            body_offset INTEGER NOT NULL,
            body_length INTEGER NOT NULL,
            PRIMARY KEY (project, uuid)
        ) WITHOUT ROWID;

        CREATE TABLE body_segments (
            segment    INTEGER NOT NULL PRIMARY KEY,
            indexed_to INTEGER NOT NULL
        );
        """,
    ];

    /// <summary>Brings the database to the latest schema.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"the database was written by a newer Backtrace (schema {version}; this build knows up to {Migrations.Length}); upgrade Backtrace or use another data directory");
        }

        for (var next = version; next < Migrations.Length; next++)
        {
            using var transaction = connection.BeginTransaction();
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = $"{Migrations[next]}\nPRAGMA user_version = {next + 1};";
            migrate.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
