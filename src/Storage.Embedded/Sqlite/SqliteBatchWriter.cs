using System.Diagnostics;
using Backtrace.Storage.Embedded.Commits;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// The single writer of the embedded database, with group commit.
/// <para>
/// Durability costs one fsync per transaction (WAL with <c>synchronous=FULL</c> syncs the log on every commit).
/// At thousands of writes a second, one transaction per write would spend the machine on fsyncs, so callers
/// enqueue operations and one dedicated thread runs everything pending (up to the batch size) in one
/// transaction, commits once, and only then completes every caller's task. A caller is therefore acknowledged
/// only after its write is durable, and a lone write under no load is committed at once, without waiting for
/// a batch to fill.
/// </para>
/// <para>
/// Each operation runs inside its own savepoint, so one that throws rolls back alone and fails only its own
/// task; a failed commit fails the whole batch, since none of it is durable.
/// </para>
/// </summary>
public sealed partial class SqliteBatchWriter : IDisposable
{
    private readonly CommitQueue<PendingWrite> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteContext _context;
    private readonly int _maxBatchSize;
    private readonly EmbeddedStorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Thread _thread;

    internal SqliteBatchWriter(SqliteConnection connection, int maxBatchSize, EmbeddedStorageMetrics metrics, ILogger logger)
    {
        _connection = connection;
        _context = new SqliteWriteContext(connection);
        _maxBatchSize = maxBatchSize;
        _metrics = metrics;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "backtrace-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="operation"/> in the next batch; completes once its batch is committed (durable).</summary>
    /// <exception cref="ObjectDisposedException">The database is shutting down.</exception>
    public Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> operation)
    {
        var pending = new PendingWrite<T>(operation);
        return _queue.TryAdd(pending)
            ? pending.Task
            : throw new ObjectDisposedException(nameof(SqliteBatchWriter), "the embedded database is shutting down");
    }

    /// <summary>Stops taking writes, commits what is queued, and closes the writer connection.</summary>
    public void Dispose()
    {
        _queue.Complete();
        _thread.Join();
        _context.DisposeCommands();
        _connection.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (_queue.TakeBatch(batch, _maxBatchSize))
        {
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var transaction = _connection.BeginTransaction();
            _context.Begin(transaction);
            foreach (var write in batch)
            {
                _context.Execute("SAVEPOINT op");
                try
                {
                    write.Execute(_context);
                    _context.Execute("RELEASE op");
                }
                catch (Exception e)
                {
                    // Whatever an operation throws belongs to its caller: roll back just this operation and
                    // hand the exception to its task, so one bad write cannot fail the others.
                    _context.Execute("ROLLBACK TO op");
                    _context.Execute("RELEASE op");
                    write.Failed(e);
                }
            }

            transaction.Commit();
            _metrics.DatabaseCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            // Nothing of the batch is durable: fail every write in it. The writer thread keeps running so
            // that later writes get their own chance (a full disk may have been freed meanwhile).
            LogCommitFailed(_logger, e, batch.Count);
            foreach (var write in batch)
            {
                write.Failed(e);
            }
        }
        finally
        {
            _context.Begin(null!);
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing a batch of {Count} writes to the embedded database failed; every write in it was reported as failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);

    private abstract class PendingWrite
    {
        public abstract void Execute(SqliteWriteContext context);

        public abstract void Failed(Exception exception);

        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<SqliteWriteContext, T> operation) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _exception;

        public Task<T> Task => _completion.Task;

        public override void Execute(SqliteWriteContext context) => _result = operation(context);

        public override void Failed(Exception exception) => _exception ??= exception;

        public override void Complete()
        {
            if (_exception is not null)
            {
                _completion.TrySetException(_exception);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }
    }
}
