using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// The embedded database file (<c>backtrace.db</c> in the data directory): grain state and the query index.
/// Writes go through one <see cref="SqliteBatchWriter"/> (group commit); reads use pooled connections, which
/// WAL mode lets run beside the writer without blocking it.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>File name of the database inside the data directory.</summary>
    public const string FileName = "backtrace.db";

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) the database in the configured data directory and migrates it.</summary>
    public SqliteDatabase(IOptions<EmbeddedStorageOptions> options, EmbeddedStorageMetrics metrics, ILogger<SqliteDatabase> logger)
    {
        var settings = options.Value;
        Directory.CreateDirectory(settings.DataDirectory);
        Path = System.IO.Path.Combine(settings.DataDirectory, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // WAL: readers never block the writer. synchronous=FULL: every commit fsyncs the log, so a commit that
        // returned survives power loss (NORMAL would only be safe against process crashes).
        Pragma(connection, "journal_mode = WAL");
        Pragma(connection, "synchronous = FULL");
        Pragma(connection, "busy_timeout = 30000");
        Pragma(connection, "temp_store = MEMORY");

        // The writer touches the same index pages (groups by count and last seen, recent snapshots) in commit after
        // commit. A larger page cache keeps them in memory, and checkpointing every 16 MiB of log instead of every
        // 4 MiB copies each hot page to the database file once per checkpoint instead of four times.
        Pragma(connection, "cache_size = -65536");
        Pragma(connection, "wal_autocheckpoint = 4096");
        SqliteSchema.Migrate(connection);
        Writer = new SqliteBatchWriter(connection, settings.MaxBatchSize, metrics, logger);
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>The single, batching writer.</summary>
    public SqliteBatchWriter Writer { get; }

    /// <summary>Opens a read connection (from the pool); the caller disposes it.</summary>
    public SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Commits what is queued and closes the database.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        command.ExecuteNonQuery();
    }
}
