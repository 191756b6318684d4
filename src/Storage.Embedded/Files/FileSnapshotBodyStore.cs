using System.Collections.Concurrent;
using Backtrace.Grains;
using Backtrace.Storage.Bodies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Backtrace.Storage.Embedded.Files;

/// <summary>
/// Snapshot bodies as one file each: <c>snapshots/{project}/{uu}/{uuid}.json</c> in the data directory, where
/// <c>uu</c> is the uuid's first two hex digits (so no directory grows past a few thousand entries per million
/// snapshots).
/// <para>
/// Durability: a body is written to <c>snapshots/.incoming/</c>, fsynced, renamed into place (atomic: readers see
/// the whole body or none), and the target directory is fsynced so the rename itself survives power loss. Only
/// then does <see cref="PutAsync"/> complete. Writing is group-committed: one thread takes every pending put
/// (up to the batch size), writes them all, fsyncs them side by side on <see cref="ParallelSyncWorkers"/>,
/// renames them, fsyncs each touched directory once, and completes them together. A crash before the rename
/// leaves only a file in <c>.incoming</c>, deleted at the next start; the put was never acknowledged.
/// </para>
/// </summary>
public sealed partial class FileSnapshotBodyStore : ISnapshotBodyStore, IDisposable
{
    /// <summary>Directory of the bodies inside the data directory.</summary>
    public const string DirectoryName = "snapshots";

    private readonly string _root;
    private readonly string _incoming;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly BlockingCollection<PendingPut> _queue = new();
    private readonly ParallelSyncWorkers _sync;
    private readonly ConcurrentDictionary<string, bool> _knownDirectories = new(StringComparer.Ordinal);
    private readonly Thread _writer;

    /// <summary>Opens the store in the configured data directory, removing what an interrupted put left behind.</summary>
    public FileSnapshotBodyStore(IOptions<EmbeddedStorageOptions> options, ILogger<FileSnapshotBodyStore> logger)
    {
        var settings = options.Value;
        _root = Path.Combine(settings.DataDirectory, DirectoryName);
        _incoming = Path.Combine(_root, ".incoming");
        _maxBatchSize = settings.MaxBatchSize;
        _logger = logger;
        Directory.CreateDirectory(_incoming);
        foreach (var leftover in Directory.EnumerateFiles(_incoming))
        {
            File.Delete(leftover);
        }

        _sync = new ParallelSyncWorkers(settings.BodySyncThreads);
        _writer = new Thread(Run) { IsBackground = true, Name = "backtrace-body-writer" };
        _writer.Start();
    }

    /// <inheritdoc />
    public Task<bool> PutAsync(string project, Guid uuid, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var path = BodyPath(project, uuid);
        cancellationToken.ThrowIfCancellationRequested();
        if (File.Exists(path))
        {
            return Task.FromResult(false);
        }

        var put = new PendingPut(path, body);
        try
        {
            _queue.Add(put, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(FileSnapshotBodyStore), "the snapshot body store is shutting down");
        }

        return put.Completion.Task;
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        try
        {
            Stream stream = new FileStream(BodyPath(project, uuid), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string project, Guid uuid, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(BodyPath(project, uuid)));

    /// <summary>Finishes the queued puts, then stops.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join();
        _sync.Dispose();
        _queue.Dispose();
    }

    /// <summary>Where a body lives. The project name is checked because it becomes a directory name.</summary>
    private string BodyPath(string project, Guid uuid)
    {
        if (!ProjectName.IsValid(project, out var reason))
        {
            throw new ArgumentException(reason, nameof(project));
        }

        var name = uuid.ToString("D");
        return Path.Combine(_root, project, name[..2], name + ".json");
    }

    private void Run()
    {
        var batch = new List<PendingPut>(_maxBatchSize);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < _maxBatchSize && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            try
            {
                Commit(batch);
            }
            catch (Exception e)
            {
                // Unexpected: fail what is still pending rather than leave callers waiting forever.
                LogBatchFailed(_logger, e, batch.Count);
                batch.ForEach(put => put.Completion.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private void Commit(List<PendingPut> batch)
    {
        // 1. Write every new body to its own temporary file; the first put of a uuid in the batch wins.
        var writing = new List<PendingPut>(batch.Count);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var put in batch)
        {
            if (!claimed.Add(put.Path) || File.Exists(put.Path))
            {
                put.Duplicate = true;
                continue;
            }

            try
            {
                put.Temporary = Path.Combine(_incoming, $"{Path.GetFileName(put.Path)}.{Guid.NewGuid():N}");
                put.Handle = File.OpenHandle(put.Temporary, FileMode.CreateNew, FileAccess.Write);
                RandomAccess.Write(put.Handle, put.Body.Span, 0);
                writing.Add(put);
            }
            catch (IOException e)
            {
                Abandon(put, e);
            }
        }

        // 2. Make their contents durable, side by side.
        var errors = _sync.RunAll(writing.ConvertAll<Action>(put => () => Fsync.File(put.Handle!)));
        var directories = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < writing.Count; i++)
        {
            var put = writing[i];
            put.Handle!.Dispose();
            if (errors[i] is { } error)
            {
                Abandon(put, error);
                continue;
            }

            // 3. Move each into place atomically.
            try
            {
                var directory = Path.GetDirectoryName(put.Path)!;
                EnsureDirectory(directory, directories);
                // A plain rename: this thread is the only writer and checked above that the uuid is new, so the
                // link-and-unlink that a no-overwrite move costs buys nothing.
                File.Move(put.Temporary!, put.Path, overwrite: true);
                directories.Add(directory);
                put.Placed = true;
            }
            catch (IOException e)
            {
                Abandon(put, e);
            }
        }

        // 4. Make the renames durable: one fsync per touched directory, side by side.
        var dirList = directories.ToList();
        var dirErrors = _sync.RunAll(dirList.ConvertAll<Action>(directory => () => Fsync.DirectoryEntries(directory)));
        var failedDirectories = new Dictionary<string, Exception>(StringComparer.Ordinal);
        for (var i = 0; i < dirList.Count; i++)
        {
            if (dirErrors[i] is { } error)
            {
                failedDirectories[dirList[i]] = error;
            }
        }

        foreach (var put in batch)
        {
            if (put.Duplicate)
            {
                put.Completion.TrySetResult(false);
            }
            else if (put.Placed)
            {
                if (failedDirectories.TryGetValue(Path.GetDirectoryName(put.Path)!, out var error))
                {
                    put.Completion.TrySetException(error);
                }
                else
                {
                    put.Completion.TrySetResult(true);
                }
            }
        }
    }

    /// <summary>Creates a body directory (and its project directory) durably the first time it is needed: a new
    /// directory's own entry lives in its parent, which is then synced with the batch's directories.</summary>
    private void EnsureDirectory(string directory, HashSet<string> toSync)
    {
        if (_knownDirectories.ContainsKey(directory))
        {
            return;
        }

        var project = Path.GetDirectoryName(directory)!;
        if (!Directory.Exists(project))
        {
            Directory.CreateDirectory(project);
            toSync.Add(_root);
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            toSync.Add(project);
        }

        _knownDirectories.TryAdd(directory, true);
    }

    private void Abandon(PendingPut put, Exception error)
    {
        put.Handle?.Dispose();
        if (put.Temporary is not null)
        {
            try
            {
                File.Delete(put.Temporary);
            }
            catch (IOException)
            {
                // Left for the next start's cleanup of .incoming.
            }
        }

        LogPutFailed(_logger, error, put.Path);
        put.Completion.TrySetException(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing snapshot body {Path} failed")]
    private static partial void LogPutFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} snapshot body writes failed unexpectedly")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private sealed class PendingPut(string path, ReadOnlyMemory<byte> body)
    {
        public string Path { get; } = path;

        public ReadOnlyMemory<byte> Body { get; } = body;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Temporary { get; set; }

        public SafeFileHandle? Handle { get; set; }

        public bool Duplicate { get; set; }

        public bool Placed { get; set; }
    }
}
