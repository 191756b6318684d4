using System.Diagnostics.Metrics;
using Backtrace.Storage.Embedded.Bodies;
using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded.Tests;

/// <summary>Real embedded storage in a temporary data directory, reopened on demand to check what survives.</summary>
internal sealed class EmbeddedStorage : IDisposable
{
    private readonly IOptions<EmbeddedStorageOptions> _options;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public EmbeddedStorage(string? directory = null, int maxBatchSize = 64, long segmentBytes = 256L * 1024 * 1024)
    {
        DataDirectory = directory ?? Path.Combine(Path.GetTempPath(), "backtrace-storage-tests", Guid.NewGuid().ToString("N"));
        _options = Options.Create(new EmbeddedStorageOptions { DataDirectory = DataDirectory, MaxBatchSize = maxBatchSize, SegmentBytes = segmentBytes });
        Metrics = new EmbeddedStorageMetrics(_services.GetRequiredService<IMeterFactory>());
        Open();
    }

    public string DataDirectory { get; }

    public string SegmentDirectory => Path.Combine(DataDirectory, SegmentSnapshotBodyStore.DirectoryName);

    public EmbeddedStorageMetrics Metrics { get; }

    public SqliteDatabase Database { get; private set; } = null!;

    public SegmentSnapshotBodyStore Bodies { get; private set; } = null!;

    public SqliteSnapshotIndex Snapshots => new(Database);

    public SqliteFaultGroupIndex Groups => new(Database);

    public SqliteProjectCatalog Projects => new(Database);

    /// <summary>Closes everything and opens it again on the same directory, as a process restart would.</summary>
    public void Reopen()
    {
        Close();
        Open();
    }

    /// <summary>Closes everything, lets <paramref name="tamper"/> change the files as a crash could have left them, then opens again.</summary>
    public void Reopen(Action tamper)
    {
        Close();
        tamper();
        Open();
    }

    public void Dispose()
    {
        Close();
        _services.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private void Open()
    {
        Database = new SqliteDatabase(_options, Metrics, NullLogger<SqliteDatabase>.Instance);
        Bodies = new SegmentSnapshotBodyStore(_options, Database, Metrics, NullLogger<SegmentSnapshotBodyStore>.Instance);
    }

    private void Close()
    {
        Bodies.Dispose();
        Database.Dispose();
    }
}
