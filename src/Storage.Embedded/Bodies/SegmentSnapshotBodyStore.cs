using System.Collections.Concurrent;
using System.Diagnostics;
using Backtrace.Grains;
using Backtrace.Storage.Bodies;
using Backtrace.Storage.Embedded.Commits;
using Backtrace.Storage.Embedded.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Backtrace.Storage.Embedded.Bodies;

/// <summary>
/// Snapshot bodies appended to segment files (<c>bodies/0000000001.seg</c>, ...) in the data directory, with
/// group commit: one writer thread takes every pending put (up to the batch size), appends them with one
/// gathered write, makes them durable with one fdatasync, and completes them together. A batch of bodies
/// therefore costs one fsync, however many it holds, instead of a file, an fsync and a directory fsync each.
/// <para>
/// Where each body is goes to the embedded database (<see cref="BodyLocationTable"/>) after the batch is durable,
/// without waiting: until that commit, the location is answered from memory; after a crash, recovery finds the
/// missing locations by reading the segments' tails (<see cref="SegmentRecovery"/>). The record format and the
/// durability argument are in docs/embedded-storage.md.
/// </para>
/// </summary>
public sealed partial class SegmentSnapshotBodyStore : ISnapshotBodyStore, IDisposable
{
    /// <summary>Directory of the segment files inside the data directory.</summary>
    public const string DirectoryName = "bodies";

    private readonly SegmentDirectory _segments;
    private readonly BodyLocationTable _locations;
    private readonly EmbeddedStorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly long _segmentBytes;
    private readonly CommitQueue<PendingPut> _queue = new();

    /// <summary>Durable bodies whose location is not yet committed to the database.</summary>
    private readonly ConcurrentDictionary<(string Project, Guid Uuid), BodyLocation> _unrecorded = new();
    private readonly Thread _writer;

    // Owned by the writer thread.
    private long _segment;
    private SafeFileHandle _handle;
    private long _length;
    private bool _rollBeforeNextWrite;

    /// <summary>Opens the store in the configured data directory, recovering what an unclean stop left.</summary>
    public SegmentSnapshotBodyStore(
        IOptions<EmbeddedStorageOptions> options, SqliteDatabase database, EmbeddedStorageMetrics metrics, ILogger<SegmentSnapshotBodyStore> logger)
    {
        var settings = options.Value;
        _segments = new SegmentDirectory(Path.Combine(settings.DataDirectory, DirectoryName));
        _locations = new BodyLocationTable(database);
        _metrics = metrics;
        _logger = logger;
        _maxBatchSize = settings.MaxBatchSize;
        _segmentBytes = settings.SegmentBytes;
        if (SegmentRecovery.Run(_segments, _locations, logger) is var (segment, length))
        {
            (_segment, _handle, _length) = (segment, _segments.OpenForWriting(segment), length);
        }
        else
        {
            (_segment, _handle, _length) = (1, _segments.Create(1), 0);
        }

        _writer = new Thread(Run) { IsBackground = true, Name = "backtrace-body-writer" };
        _writer.Start();
        LegacyBodyImport.Run(settings.DataDirectory, this, logger);
    }

    /// <inheritdoc />
    public Task<bool> PutAsync(string project, Guid uuid, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ValidateProject(project);
        cancellationToken.ThrowIfCancellationRequested();
        if (_unrecorded.ContainsKey((project, uuid)))
        {
            return Task.FromResult(false);
        }

        var put = new PendingPut(project, uuid, body);
        return _queue.TryAdd(put)
            ? put.Completion.Task
            : throw new ObjectDisposedException(nameof(SegmentSnapshotBodyStore), "the snapshot body store is shutting down");
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string project, Guid uuid, CancellationToken cancellationToken = default)
    {
        if (Locate(project, uuid) is not { } location || _segments.OpenForReading(location.Segment) is not { } handle)
        {
            return Task.FromResult<Stream?>(null);
        }

        return Task.FromResult<Stream?>(new SegmentSliceStream(handle, location.Offset, location.Length));
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string project, Guid uuid, CancellationToken cancellationToken = default) =>
        Task.FromResult(Locate(project, uuid) is not null);

    /// <summary>Finishes the queued puts, then stops. Locations not yet committed are found again by the next start's recovery.</summary>
    public void Dispose()
    {
        _queue.Complete();
        _writer.Join();
        _handle.Dispose();
    }

    private BodyLocation? Locate(string project, Guid uuid)
    {
        ValidateProject(project);
        return _unrecorded.TryGetValue((project, uuid), out var location) ? location : _locations.Find(project, uuid);
    }

    /// <summary>Project names are checked because they are written into every record.</summary>
    private static void ValidateProject(string project)
    {
        if (!ProjectName.IsValid(project, out var reason))
        {
            throw new ArgumentException(reason, nameof(project));
        }
    }

    private void Run()
    {
        using var lookup = _locations.OpenLookup();
        var batch = new List<PendingPut>(_maxBatchSize);
        while (_queue.TakeBatch(batch, _maxBatchSize))
        {
            try
            {
                Commit(batch, lookup);
            }
            catch (Exception e)
            {
                // Nothing of this batch is known to be durable: fail every put in it, and write the next batch to a
                // new segment, past whatever this one left (recovery cuts it off at the next start).
                LogBatchFailed(_logger, e, batch.Count);
                _rollBeforeNextWrite = true;
                batch.ForEach(put => put.Completion.TrySetException(e));
            }

            batch.Clear();
        }
    }

    private void Commit(List<PendingPut> batch, BodyLocationTable.Lookup lookup)
    {
        // The first put of a uuid wins: later ones in the batch, and ones already stored, are duplicates.
        var started = Stopwatch.GetTimestamp();
        var claimed = new HashSet<(string, Guid)>();
        var writes = new List<PendingPut>(batch.Count);
        foreach (var put in batch)
        {
            var key = (put.Project, put.Uuid);
            if (claimed.Add(key) && !_unrecorded.ContainsKey(key) && !lookup.Contains(put.Project, put.Uuid))
            {
                writes.Add(put);
            }
        }

        var extents = writes.Count > 0 ? Append(writes) : [];
        foreach (var extent in extents)
        {
            foreach (var (project, uuid, location) in extent.Bodies)
            {
                _unrecorded[(project, uuid)] = location;
            }
        }

        _metrics.BodiesCommitted(writes.Count, Stopwatch.GetElapsedTime(started));
        foreach (var put in batch)
        {
            put.Completion.TrySetResult(put.Written);
        }

        foreach (var extent in extents)
        {
            RecordLocations(extent);
        }
    }

    /// <summary>Appends the bodies, rolling to a new segment when the current one is full, and makes them durable.</summary>
    private List<Extent> Append(List<PendingPut> writes)
    {
        var extents = new List<Extent>();
        var headers = new byte[writes.Count * SegmentRecord.MaxHeaderLength];
        var buffers = new List<ReadOnlyMemory<byte>>(writes.Count * 2);
        var extent = new Extent(_segment, _length);
        var headerOffset = 0;
        foreach (var put in writes)
        {
            var recordLength = SegmentRecord.HeaderLength(put.Project) + (long)put.Body.Length;
            if (_rollBeforeNextWrite || (_length > 0 && _length + recordLength > _segmentBytes))
            {
                if (buffers.Count > 0)
                {
                    WriteAndSync(buffers, extent);
                    extents.Add(extent);
                    buffers.Clear();
                }

                Roll();
                extent = new Extent(_segment, 0);
            }

            var headerLength = SegmentRecord.WriteHeader(headers.AsSpan(headerOffset), put.Project, put.Uuid, put.Body.Span);
            buffers.Add(headers.AsMemory(headerOffset, headerLength));
            buffers.Add(put.Body);
            headerOffset += headerLength;
            extent.Bodies.Add((put.Project, put.Uuid, new BodyLocation(_segment, _length + headerLength, put.Body.Length)));
            _length += recordLength;
            put.Written = true;
        }

        WriteAndSync(buffers, extent);
        extents.Add(extent);
        return extents;
    }

    private void WriteAndSync(List<ReadOnlyMemory<byte>> buffers, Extent extent)
    {
        RandomAccess.Write(_handle, buffers, extent.Start);
        Fsync.Data(_handle, _segments.FileOf(_segment));
        extent.End = _length;
    }

    private void Roll()
    {
        _handle.Dispose();
        _segment++;
        _length = 0;
        _handle = _segments.Create(_segment);
        _rollBeforeNextWrite = false;
    }

    private void RecordLocations(Extent extent)
    {
        Task recorded;
        try
        {
            recorded = _locations.RecordAsync(extent.Segment, extent.Start, extent.End, extent.Bodies);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: the next start's recovery records them from the segment.
            return;
        }

        recorded.ContinueWith(
            task =>
            {
                if (task.IsFaulted)
                {
                    // Still answered from memory; the next start's recovery records them from the segment.
                    LogLocationsNotRecorded(_logger, task.Exception, extent.Bodies.Count);
                    return;
                }

                foreach (var (project, uuid, _) in extent.Bodies)
                {
                    _unrecorded.TryRemove((project, uuid), out _);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} snapshot body writes failed; every put in it was reported as failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The locations of {Count} durable snapshot bodies could not be committed; they are served from memory and recorded again at the next start")]
    private static partial void LogLocationsNotRecorded(ILogger logger, Exception? exception, int count);

    /// <summary>The records one batch appended to one segment, between <see cref="Start"/> and <see cref="End"/>.</summary>
    private sealed class Extent(long segment, long start)
    {
        public long Segment { get; } = segment;

        public long Start { get; } = start;

        public long End { get; set; } = start;

        public List<(string Project, Guid Uuid, BodyLocation Location)> Bodies { get; } = [];
    }

    private sealed class PendingPut(string project, Guid uuid, ReadOnlyMemory<byte> body)
    {
        public string Project { get; } = project;

        public Guid Uuid { get; } = uuid;

        public ReadOnlyMemory<byte> Body { get; } = body;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True once this put's body is in the batch being written (false for a duplicate).</summary>
        public bool Written { get; set; }
    }
}
