using Backtrace.Storage.Attachments;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded.Attachments;

/// <summary>
/// Snapshot attachments in their own SQLite database, <c>attachments.db</c> in the data directory. Attachments are
/// rare, up to megabytes each, and written outside the ingest hot path: a database of their own keeps them out of
/// the main database's page cache and group-commit batches, and gives each submission's attachments one atomic,
/// durable transaction (WAL, synchronous=FULL) without any file naming of untrusted names.
/// </summary>
public sealed class SqliteAttachmentStore : ISnapshotAttachmentStore, IDisposable
{
    /// <summary>File name of the database inside the data directory.</summary>
    public const string FileName = "attachments.db";

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the database in the configured data directory.</summary>
    public SqliteAttachmentStore(IOptions<EmbeddedStorageOptions> options)
    {
        var directory = options.Value.DataDirectory;
        Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection,
            "CREATE TABLE IF NOT EXISTS attachments (" +
            "project TEXT NOT NULL, uuid TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, " +
            "size INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (project, uuid, name))");
    }

    /// <inheritdoc />
    public Task PutAsync(string project, Guid uuid, IReadOnlyList<SnapshotAttachment> attachments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        Grains.ProjectName.Validate(project);
        foreach (var attachment in attachments)
        {
            AttachmentName.Validate(attachment.Name);
        }

        // SQLite's API is synchronous and a commit waits for fsync: keep it off the request's thread.
        return Task.Run(() =>
        {
            using var connection = Open();

            // IMMEDIATE: take the write lock now, so two concurrent submissions queue instead of deadlocking on upgrade.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.CommandText =
                "INSERT INTO attachments (project, uuid, name, content_type, size, content) " +
                "VALUES ($project, $uuid, $name, $type, $size, $content) ON CONFLICT DO NOTHING";
            foreach (var attachment in attachments)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$project", project);
                insert.Parameters.AddWithValue("$uuid", uuid.ToString("D"));
                insert.Parameters.AddWithValue("$name", attachment.Name);
                insert.Parameters.AddWithValue("$type", attachment.ContentType);
                insert.Parameters.AddWithValue("$size", attachment.Content.Length);
                insert.Parameters.Add("$content", SqliteType.Blob).Value = attachment.Content.ToArray();
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotAttachmentInfo>> ListAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, content_type, size FROM attachments WHERE project = $project AND uuid = $uuid ORDER BY name";
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$uuid", uuid.ToString("D"));
        using var reader = command.ExecuteReader();
        var attachments = new List<SnapshotAttachmentInfo>();
        while (reader.Read())
        {
            attachments.Add(new SnapshotAttachmentInfo(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return Task.FromResult<IReadOnlyList<SnapshotAttachmentInfo>>(attachments);
    }

    /// <inheritdoc />
    public Task<StoredAttachment?> OpenReadAsync(string project, Guid uuid, string name, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT content_type, size, content FROM attachments WHERE project = $project AND uuid = $uuid AND name = $name";
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$uuid", uuid.ToString("D"));
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<StoredAttachment?>(null);
        }

        // Attachments are bounded by the ingest body limit, so reading one whole is fine and frees the connection at once.
        var content = (byte[])reader.GetValue(2);
        return Task.FromResult<StoredAttachment?>(new StoredAttachment(
            new SnapshotAttachmentInfo(name, reader.GetString(0), reader.GetInt64(1)), new MemoryStream(content, writable: false)));
    }

    /// <summary>Closes the pooled connections.</summary>
    public void Dispose() => SqliteConnection.ClearPool(new SqliteConnection(_connectionString));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // Per connection: a commit that returned survives power loss, and writers wait for each other.
        Execute(connection, "PRAGMA synchronous = FULL");
        Execute(connection, "PRAGMA busy_timeout = 30000");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
