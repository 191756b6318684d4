namespace Backtrace.Grains.Snapshots;

/// <summary>
/// One snapshot, keyed <c>project/uuid</c> (<see cref="GrainKeys.Snapshot"/>). Ingest validates the body,
/// classifies it by signal, applies the project's dedup rules, fingerprints it, stores the body durably,
/// records it in the query index and hands it to its fault group. The same uuid ingested twice is stored
/// and counted once.
/// </summary>
[Alias("Backtrace.Grains.Snapshots.ISnapshotGrain")]
public interface ISnapshotGrain : IGrainWithStringKey
{
    /// <summary>Ingests the snapshot. Completes only after the body and its index row are durable.</summary>
    /// <param name="body">The snapshot in the native JSON format (docs/snapshot-format.md), UTF-8; its uuid must match the grain key.</param>
    /// <param name="receipt">What the gateway knows about the submission.</param>
    /// <exception cref="InvalidSnapshotException">The body is not a valid snapshot or its uuid differs from the key.</exception>
    /// <exception cref="ProjectNotFoundException">The project does not exist.</exception>
    [Alias("Ingest")]
    Task<SnapshotIngestResult> IngestAsync(Immutable<byte[]> body, SnapshotReceipt receipt);
}
