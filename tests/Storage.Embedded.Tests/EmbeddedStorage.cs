using Backtrace.Storage.Embedded.Files;
using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded.Tests;

/// <summary>Real embedded storage in a temporary data directory, reopened on demand to check what survives.</summary>
internal sealed class EmbeddedStorage : IDisposable
{
    private readonly IOptions<EmbeddedStorageOptions> _options;

    public EmbeddedStorage(string? directory = null)
    {
        DataDirectory = directory ?? Path.Combine(Path.GetTempPath(), "backtrace-storage-tests", Guid.NewGuid().ToString("N"));
        _options = Options.Create(new EmbeddedStorageOptions { DataDirectory = DataDirectory, MaxBatchSize = 64, BodySyncThreads = 4 });
        Open();
    }

    public string DataDirectory { get; }

    public SqliteDatabase Database { get; private set; } = null!;

    public FileSnapshotBodyStore Bodies { get; private set; } = null!;

    public SqliteSnapshotIndex Snapshots => new(Database);

    public SqliteFaultGroupIndex Groups => new(Database);

    public SqliteProjectCatalog Projects => new(Database);

    /// <summary>Closes everything and opens it again on the same directory, as a process restart would.</summary>
    public void Reopen()
    {
        Close();
        Open();
    }

    public void Dispose()
    {
        Close();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private void Open()
    {
        Database = new SqliteDatabase(_options, NullLogger<SqliteDatabase>.Instance);
        Bodies = new FileSnapshotBodyStore(_options, NullLogger<FileSnapshotBodyStore>.Instance);
    }

    private void Close()
    {
        Bodies.Dispose();
        Database.Dispose();
    }
}
