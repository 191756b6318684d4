namespace Backtrace.Storage.Index;

/// <summary>
/// The snapshot side of the query index. It is also the durable ledger of ingest: a snapshot is counted
/// in its group once its row is recorded, and fault group grains rebuild their counters from it by ordinal.
/// </summary>
public interface ISnapshotIndex
{
    /// <summary>
    /// Records a snapshot, idempotently by (project, uuid), and in the same atomic step creates or updates its
    /// fault group's row (<see cref="IFaultGroupIndex"/>): count, first and last seen, and the snapshot's
    /// ordinal in the group (the new count). Completes only once durable.
    /// </summary>
    Task<SnapshotRecorded> RecordAsync(SnapshotRecord record, CancellationToken cancellationToken = default);

    /// <summary>One snapshot's row; null when not recorded.</summary>
    Task<SnapshotRecord?> GetAsync(string project, Guid uuid, CancellationToken cancellationToken = default);

    /// <summary>A group's rows with an ordinal above <paramref name="afterOrdinal"/>, by ascending ordinal, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SnapshotRecord>> ListGroupSnapshotsAsync(
        string project, string fingerprint, long afterOrdinal, int limit, CancellationToken cancellationToken = default);

    /// <summary>A group's most recently recorded rows, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SnapshotRecord>> RecentGroupSnapshotsAsync(
        string project, string fingerprint, int limit, CancellationToken cancellationToken = default);
}
